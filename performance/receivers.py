"""Performance's reactions to other apps, through the documented seams only.

`employee_hired` is a durable event (`backoffice.notifications.events`): recruiting writes it
to the outbox with the hire, and this handler runs after the commit, retried with back-off
if it fails. It may run again for the same hire, so it is idempotent: each check-in is
created once per employee.
"""

from __future__ import annotations

import logging

from backoffice.notifications.events import event_handler
from backoffice.people.models import Employee
from performance.services.feedback import probation_check_ins_create

logger = logging.getLogger(__name__)


@event_handler("employee_hired", handler_id="performance.probation_check_ins")
def create_probation_check_ins(payload: dict) -> None:
    """Every hire gets 30-, 60- and 90-day check-ins with their manager."""
    employee = Employee.objects.filter(pk=payload["employee_id"]).first()
    if employee is None:
        logger.info("employee_hired: employee %s no longer exists", payload["employee_id"])
        return
    probation_check_ins_create(employee=employee)
