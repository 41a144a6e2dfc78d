"""Onboarding's side of the hiring and leaving seams: a hire gets their plan, a leaver their
offboarding checklist."""

from __future__ import annotations

import datetime

from django.dispatch import receiver

from backoffice.notifications.events import event_handler
from backoffice.people.models import Employee, User
from backoffice.people.signals import employee_hired
from onboarding.services import plan_create_for_employee
from onboarding.services.offboarding import offboarding_create_for_leaver


@receiver(employee_hired, dispatch_uid="onboarding.plan_on_hire")
def plan_on_hire(sender, *, employee, application=None, **kwargs) -> None:
    plan_create_for_employee(employee=employee)


@event_handler("employee_leaving")
def offboarding_on_leaving(payload: dict) -> None:
    """A recorded leaving gets its offboarding checklist (through the outbox, retried)."""
    employee = Employee.objects.get(pk=payload["employee_id"])
    by = User.objects.filter(pk=payload.get("recorded_by_id")).first()
    offboarding_create_for_leaver(
        employee=employee,
        last_day=datetime.date.fromisoformat(payload["last_day"]),
        by=by,
    )
