"""Reads of people, shaped for pages."""

from __future__ import annotations

import datetime

from django.core import signing
from django.http import Http404
from django.utils import timezone

from backoffice.people.models import Employee, Leaving, User

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


def leavings_visible(user: User):
    """Leavings the user may see, newest last day first (HR: all; a manager: their reports')."""
    return Leaving.objects.visible_to(user).select_related(
        "employee__user", "employee__department", "employee__manager__user", "reason"
    )


def leaving_get_for_user(user: User, pk: int) -> Leaving:
    leaving = leavings_visible(user).select_related("exit_answer").filter(pk=pk).first()
    if leaving is None:
        raise Http404("No such leaver")
    return leaving


def leaving_of_user(user: User) -> Leaving | None:
    """The signed-in user's own leaving, if one is recorded."""
    if not user.is_authenticated:
        return None
    return Leaving.objects.select_related("employee__user").filter(employee__user=user).first()


EXIT_LINK_SALT = "people.exit-questionnaire"


def exit_link_token(leaving: Leaving) -> str:
    return signing.dumps({"leaving": leaving.pk}, salt=EXIT_LINK_SALT)


def leaving_from_exit_token(token: str) -> Leaving:
    """The leaving a signed exit link names; 404 for a forged or foreign token."""
    try:
        data = signing.loads(token, salt=EXIT_LINK_SALT, max_age=datetime.timedelta(days=400))
    except signing.BadSignature:
        raise Http404("No such link") from None
    leaving = (
        Leaving.objects.select_related("employee__user").filter(pk=data.get("leaving")).first()
    )
    if leaving is None:
        raise Http404("No such link")
    return leaving


def leavers_upcoming(user: User, *, limit: int = 10) -> list[Leaving]:
    """Leavings whose last day has not passed yet, soonest first."""
    return list(
        leavings_visible(user)
        .filter(access_ended_at__isnull=True)
        .order_by("last_day", "pk")[:limit]
    )
