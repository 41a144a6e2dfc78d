"""Onboarding's side of the hiring and leaving seams: a hire gets their plan, a leaver their
offboarding checklist.

Both are durable events (`backoffice.notifications.events`): the sender writes them to the
outbox in its transaction, and these handlers run after the commit, retried with back-off if
they fail. A handler may run again for the same event (a crash after its work committed), so
each is idempotent: one plan per employee, one offboarding checklist per leaving, which follows
the leaving as it stands when the handler runs (moved, cancelled).
"""

from __future__ import annotations

import logging

from backoffice.notifications.events import event_handler
from backoffice.people.models import Employee, User
from onboarding.services import plan_create_for_employee
from onboarding.services.offboarding import offboarding_sync_for_employee

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
    by = User.objects.filter(pk=payload.get("recorded_by_id")).first()
    offboarding_sync_for_employee(employee_id=payload["employee_id"], by=by)


@event_handler("employee_leaving_moved", handler_id="onboarding.offboarding_on_leaving_moved")
def offboarding_on_leaving_moved(payload: dict) -> None:
    """The last day moved: the open offboarding items are due relative to the new one."""
    by = User.objects.filter(pk=payload.get("by_id")).first()
    offboarding_sync_for_employee(employee_id=payload["employee_id"], by=by)


@event_handler(
    "employee_leaving_cancelled", handler_id="onboarding.offboarding_on_leaving_cancelled"
)
def offboarding_on_leaving_cancelled(payload: dict) -> None:
    """The person stays: their offboarding checklist goes, and with it its reminders."""
    offboarding_sync_for_employee(employee_id=payload["employee_id"])
