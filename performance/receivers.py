"""Performance's reactions to other apps, through the documented seams only."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.people.signals import employee_hired
from performance.services.feedback import probation_check_ins_create


@receiver(employee_hired, dispatch_uid="performance.probation_check_ins")
def create_probation_check_ins(sender, employee, application=None, **kwargs) -> None:
    """Every hire gets 30-, 60- and 90-day check-ins with their manager."""
    probation_check_ins_create(employee=employee)
