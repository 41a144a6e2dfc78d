"""Onboarding's side of the hiring seam: a hire gets their plan."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.people.signals import employee_hired
from onboarding.services import plan_create_for_employee


@receiver(employee_hired, dispatch_uid="onboarding.plan_on_hire")
def plan_on_hire(sender, *, employee, application=None, **kwargs) -> None:
    plan_create_for_employee(employee=employee)
