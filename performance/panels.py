"""The performance panel on the home page: what is waiting for this user to do.

The home page is everyone's first page, so the panel first asks one question — is anything
waiting at all? — in a single query, and reads only the lists that have something in them.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from backoffice.core.compiled_once import CompiledOnce
from backoffice.core.panels import Panel, panel_provider
from backoffice.people import selectors as people_selectors
from backoffice.people.models import Employee
from performance.models import (
    Goal,
    PeerFeedback,
    ProbationCheckIn,
    PulseParticipation,
    Review,
    ReviewCycle,
)

PANEL_LIMIT = 10
CHECK_IN_HORIZON_DAYS = 14
OPEN_STEPS = [s for s in ReviewCycle.Status.values if s not in ("draft", "closed")]
# Peers answer until the peer-feedback step ends (see ReviewCycle.peer_feedback_open).
PEER_STEPS = [ReviewCycle.Status.SELF_REVIEW, ReviewCycle.Status.PEER_FEEDBACK]


def _waiting_queries(me, horizon: datetime.date, today: datetime.date) -> dict:
    """Per list, the rows waiting for employee `me` (a pk, or OuterRef("pk") in a subquery)."""
    writing = Q(status=Review.Status.WRITING, cycle__status__in=OPEN_STEPS)
    return {
        "own": Review.objects.filter(employee=me).filter(
            Q(status=Review.Status.SHARED) | (writing & Q(self_submitted_at__isnull=True))
        ),
        "to_write": Review.objects.filter(writing, manager=me, manager_submitted_at__isnull=True),
        "peer_requests": PeerFeedback.objects.filter(
            peer=me,
            submitted_at__isnull=True,
            review__status=Review.Status.WRITING,
            review__cycle__peer_feedback_enabled=True,
            review__cycle__status__in=PEER_STEPS,
        ),
        "goals": Goal.objects.filter(employee__manager=me, status=Goal.Status.PROPOSED),
        "check_ins": ProbationCheckIn.objects.filter(
            manager=me, completed_at__isnull=True, due_date__lte=horizon
        ),
        "pulse": PulseParticipation.objects.filter(
            employee=me,
            answered=False,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
            round__survey__is_active=True,
        ),
    }


RELATED = {
    "own": ["cycle"],
    "to_write": ["cycle", "employee__user"],
    "peer_requests": ["review__employee__user", "review__cycle"],
    "goals": ["employee__user"],
    "check_ins": ["employee__user"],
    "pulse": ["round__survey"],
}


def _flags_of(*, employee_id: int, today: datetime.date):
    horizon = today + datetime.timedelta(days=CHECK_IN_HORIZON_DAYS)
    subqueries = _waiting_queries(OuterRef("pk"), horizon, today)
    return Employee.objects.filter(pk=employee_id).values(
        **{f"waiting_{name}": Exists(query) for name, query in subqueries.items()}
    )


# Asked on every visit of the home page: compiled once per process and day (issue 22).
_flags = CompiledOnce(Employee, _flags_of)


@panel_provider
def performance_panel(user) -> Panel | None:
    employee = people_selectors.employee_for_user(user)
    if employee is None:
        return None
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=CHECK_IN_HORIZON_DAYS)
    (flags,) = _flags((today,), {"today": today}, employee_id=employee.pk)
    if not any(flags.values()):
        return None
    context = {
        name: list(query.select_related(*RELATED[name])[:PANEL_LIMIT])
        if flags[f"waiting_{name}"]
        else []
        for name, query in _waiting_queries(employee.pk, horizon, today).items()
    }
    return Panel(
        title="Performance",
        template="performance/_panel.html",
        context=context,
        order=30,
        waiting=sum(len(rows) for rows in context.values()),
    )
