"""Recruiting's own side of the hire: keep the signals we hired on, for the hiring report."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.people.signals import employee_hired
from recruiting.services.hire_signals import hire_signals_record


@receiver(employee_hired, dispatch_uid="recruiting.hire_signals_on_hire")
def hire_signals_on_hire(sender, *, employee, application=None, **kwargs) -> None:
    if application is not None:
        hire_signals_record(employee=employee, application=application)
