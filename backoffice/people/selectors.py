"""Reads of people, shaped for pages."""

from __future__ import annotations

import datetime

from django.utils import timezone

from backoffice.people.models import Employee, User

STARTING_SOON_DAYS = 30


def employee_for_user(user: User) -> Employee | None:
    """The user's employee record, read once per user object (so once per request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_employee_record"):
        user._employee_record = Employee.objects.with_relations().filter(user=user).first()
    return user._employee_record


def team_of(manager: Employee, *, limit: int = 20) -> list[Employee]:
    """A manager's direct reports who have not left, soonest starters first."""
    return list(
        Employee.objects.with_relations()
        .filter(manager=manager)
        .exclude(status=Employee.Status.LEFT)
        .order_by("status", "start_date")[:limit]
    )


def employees_starting_soon(
    user: User, *, days: int = STARTING_SOON_DAYS, limit: int = 20
) -> list[Employee]:
    today = timezone.localdate()
    return list(
        Employee.objects.visible_to(user)
        .with_relations()
        .filter(
            status=Employee.Status.PRE_START,
            start_date__lte=today + datetime.timedelta(days=days),
        )
        .order_by("start_date")[:limit]
    )
