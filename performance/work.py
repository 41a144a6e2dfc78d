"""The performance panel on the home page: what is waiting for this user to do."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from backoffice.core.work import Panel, panel_provider
from performance.models import PeerFeedback, ProbationCheckIn, Review, ReviewCycle
from performance.selectors.goals import goals_awaiting_approval

PANEL_LIMIT = 10
CHECK_IN_HORIZON_DAYS = 14
OPEN_STEPS = [s for s in ReviewCycle.Status.values if s not in ("draft", "closed")]


@panel_provider
def performance_panel(user) -> Panel | None:
    if not user.is_authenticated:
        return None
    reviews = Review.objects.select_related("cycle", "employee__user")
    own = list(
        reviews.filter(employee__user=user).filter(
            Q(status=Review.Status.SHARED)
            | Q(
                status=Review.Status.WRITING,
                self_submitted_at__isnull=True,
                cycle__status__in=OPEN_STEPS,
            )
        )[:PANEL_LIMIT]
    )
    to_write = list(
        reviews.filter(
            manager__user=user,
            status=Review.Status.WRITING,
            manager_submitted_at__isnull=True,
            cycle__status__in=OPEN_STEPS,
        )[:PANEL_LIMIT]
    )
    peer_requests = list(
        PeerFeedback.objects.for_peer(user)
        .filter(
            submitted_at__isnull=True,
            review__status=Review.Status.WRITING,
            review__cycle__status__in=OPEN_STEPS,
        )
        .select_related("review__employee__user")[:PANEL_LIMIT]
    )
    goals = list(goals_awaiting_approval(user)[:PANEL_LIMIT])
    horizon = timezone.localdate() + datetime.timedelta(days=CHECK_IN_HORIZON_DAYS)
    check_ins = list(
        ProbationCheckIn.objects.filter(
            manager__user=user, completed_at__isnull=True, due_date__lte=horizon
        ).select_related("employee__user")[:PANEL_LIMIT]
    )
    waiting = len(own) + len(to_write) + len(peer_requests) + len(goals) + len(check_ins)
    if not waiting:
        return None
    return Panel(
        title="Performance",
        template="performance/_panel.html",
        context={
            "own": own,
            "to_write": to_write,
            "peer_requests": peer_requests,
            "goals": goals,
            "check_ins": check_ins,
        },
        order=30,
        waiting=waiting,
    )
