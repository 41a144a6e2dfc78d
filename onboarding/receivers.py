"""Onboarding's side of the hiring seam: a hire gets their plan.

`employee_hired` is a durable event (`backoffice.notifications.events`): recruiting writes it
to the outbox with the hire, and this handler runs after the commit, retried with back-off
if it fails. It may run again for the same hire (a crash after its work committed), so it is
idempotent: the plan is created once per employee.
"""

from __future__ import annotations

import logging

from backoffice.notifications.events import event_handler
from backoffice.people.models import Employee
from onboarding.services import plan_create_for_employee

logger = logging.getLogger(__name__)


@event_handler("employee_hired", handler_id="onboarding.plan_on_hire")
def plan_on_hire(payload: dict) -> None:
    employee = Employee.objects.select_related("user").filter(pk=payload["employee_id"]).first()
    if employee is None:  # erased since: there is nobody to onboard
        logger.info("employee_hired: employee %s no longer exists", payload["employee_id"])
        return
    plan_create_for_employee(employee=employee)
