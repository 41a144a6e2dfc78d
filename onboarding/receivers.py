"""Onboarding's side of the hiring and leaving seams: a hire gets their plan, a leaver their
offboarding checklist.

Both are durable events (`backoffice.notifications.events`): the sender writes them to the
outbox in its transaction, and these handlers run after the commit, retried with back-off if
they fail. A handler may run again for the same event (a crash after its work committed), so
each is idempotent: one plan per employee, one offboarding checklist per leaving.
"""

from __future__ import annotations

import datetime
import logging

from backoffice.notifications.events import event_handler
from backoffice.people.models import Employee, User
from onboarding.services import plan_create_for_employee
from onboarding.services.offboarding import offboarding_create_for_leaver

logger = logging.getLogger(__name__)


@event_handler("employee_hired", handler_id="onboarding.plan_on_hire")
def plan_on_hire(payload: dict) -> None:
    employee = Employee.objects.select_related("user").filter(pk=payload["employee_id"]).first()
    if employee is None:  # erased since: there is nobody to onboard
        logger.info("employee_hired: employee %s no longer exists", payload["employee_id"])
        return
    plan_create_for_employee(employee=employee)


@event_handler("employee_leaving", handler_id="onboarding.offboarding_on_leaving")
def offboarding_on_leaving(payload: dict) -> None:
    """A recorded leaving gets its offboarding checklist (through the outbox, retried)."""
    employee = Employee.objects.get(pk=payload["employee_id"])
    by = User.objects.filter(pk=payload.get("recorded_by_id")).first()
    offboarding_create_for_leaver(
        employee=employee,
        last_day=datetime.date.fromisoformat(payload["last_day"]),
        by=by,
    )
