"""Pulse survey worlds for tests: teams of a chosen size under their managers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from backoffice.people.models import Department
from performance.models import PulseParticipation
from performance.services import pulse as services
from tests.factories.people import DepartmentFactory, EmployeeFactory, UserFactory


def team(*, department: Department | None = None, size: int, manager=None):
    """A manager and `size` reports in one department; returns (manager, reports)."""
    department = department or DepartmentFactory()
    manager = manager or EmployeeFactory(department=department)
    reports = EmployeeFactory.create_batch(size, department=department, manager=manager)
    return manager, reports


def survey_launched(*, hr=None, departments=(), first_round_on=None, name="Monthly pulse"):
    """A monthly survey whose first round went out today (or on `first_round_on`)."""
    hr = hr or UserFactory(roles=["HR"])
    return services.pulse_survey_create(
        by=hr,
        name=name,
        frequency="monthly",
        departments=list(departments),
        first_round_on=first_round_on or timezone.localdate(),
    )


def answer_all(pulse_round, employees, *, enps=9, score=4, comment=""):
    for employee in employees:
        participation = PulseParticipation.objects.get(round=pulse_round, employee=employee)
        services.pulse_answer(
            participation=participation,
            enps=enps,
            scores=dict.fromkeys(
                ("collaboration", "workload", "autonomy", "recognition", "growth"), score
            ),
            comment=comment,
            today=pulse_round.opens_on + datetime.timedelta(days=1),
        )
