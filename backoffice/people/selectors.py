"""Reads of people, shaped for pages."""

from __future__ import annotations

import datetime

from django.core import signing
from django.http import Http404
from django.utils import timezone

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
from backoffice.people.models import Employee, Leaving, User

STARTING_SOON_DAYS = 30


# The home page's panels ask these on every visit: their SQL is compiled once per process
# (backoffice/core/compiled_once.py), and they join only what the panels show (each join
# costs PostgreSQL planning time, issue 22).
_employee_of_user = CompiledOnce(
    Employee,
    # No ORDER BY (one row at most), and not the user again: the caller has them.
    lambda *, user_id: (
        Employee.objects.select_related("department", "role_family", "manager__user")
        .filter(user_id=user_id)
        .order_by()[:1]
    ),
)
_NAMES = ("user__first_name", "user__last_name", "user__email")  # what User.__str__ reads
_team_of = CompiledOnce(
    Employee,
    lambda *, manager_id, limit: (
        Employee.objects.select_related("user", "department")
        .only("job_title", "status", "start_date", "manager_id", "department__name", *_NAMES)
        .filter(manager_id=manager_id)
        .exclude(status=Employee.Status.LEFT)
        .order_by("status", "start_date")[:limit]
    ),
)


def _starting_by(*, user_id: int, viewer: User, until: datetime.date, limit: int):
    return (
        Employee.objects.visible_to(as_viewer(viewer, user_id))
        .select_related("user", "manager__user")
        .only("job_title", "start_date", *_NAMES, *(f"manager__{name}" for name in _NAMES))
        .filter(status=Employee.Status.PRE_START, start_date__lte=until)
        .order_by("start_date")[:limit]
    )


_starting = CompiledOnce(Employee, _starting_by)


def _leavers_upcoming_for(*, user_id: int, viewer: User, limit: int):
    return (
        Leaving.objects.visible_to(as_viewer(viewer, user_id))
        .select_related("employee__user")
        .only("last_day", *(f"employee__{name}" for name in _NAMES))
        .filter(access_ended_at__isnull=True)
        .order_by("last_day", "pk")[:limit]
    )


_leavers_upcoming = CompiledOnce(Leaving, _leavers_upcoming_for)


def employee_for_user(user: User) -> Employee | None:
    """The user's employee record, read once per user object (so once per request)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_employee_record"):
        found = _employee_of_user(user_id=user.pk)
        for employee in found:
            employee.user = user
        user._employee_record = found[0] if found else None
    return user._employee_record


def team_of(manager: Employee, *, limit: int = 20) -> list[Employee]:
    """A manager's direct reports who have not left, soonest starters first."""
    team = _team_of((limit,), {"limit": limit}, manager_id=manager.pk)
    for member in team:
        member.manager = manager
    return team


def employees_starting_soon(
    user: User, *, days: int = STARTING_SOON_DAYS, limit: int = 20
) -> list[Employee]:
    if not (user.is_authenticated and user.is_active):
        return []
    until = timezone.localdate() + datetime.timedelta(days=days)
    shape = {"viewer": user, "until": until, "limit": limit}
    return _starting((*viewer_key(user), until, limit), shape, user_id=user.pk)


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
    if not (user.is_authenticated and user.is_active):
        return []
    shape = {"viewer": user, "limit": limit}
    return _leavers_upcoming((*viewer_key(user), limit), shape, user_id=user.pk)
