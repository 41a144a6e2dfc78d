"""Reads of interviews."""

from __future__ import annotations

from django.http import Http404

from recruiting.models.candidates import Application
from recruiting.models.interviews import Interview
from recruiting.models.scorecards import Scorecard


def interview_get_for_user(user, pk: int) -> Interview:
    interview = (
        Interview.objects.visible_to(user)
        .select_related("application__candidate", "application__requisition__hiring_manager")
        .filter(pk=pk)
        .first()
    )
    if interview is None:
        raise Http404("No such interview")
    return interview


def interviews_awaiting_scorecard(user, *, limit: int = 8) -> tuple[int, list[Interview]]:
    """Interviews `user` sat on (started, not cancelled) without their submitted scorecard."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    submitted = Scorecard.objects.filter(
        interview=OuterRef("pk"), interviewer=user, submitted_at__isnull=False
    )
    waiting = Interview.objects.filter(
        interviewers=user,
        cancelled_at__isnull=True,
        starts_at__lte=timezone.now(),
        application__stage__in=Application.OPEN_STAGES,
    ).exclude(Exists(submitted))
    items = list(
        waiting.select_related("application__candidate", "application__requisition").order_by(
            "starts_at"
        )[:limit]
    )
    return (len(items) if len(items) < limit else waiting.count()), items


def upcoming_interviews(user, *, limit: int = 8) -> tuple[int, list[Interview]]:
    """The interviews `user` sits on that have not started yet (not cancelled), soonest first,
    and how many of them start today (company time): what needs them today."""
    import datetime

    from django.utils import timezone

    now = timezone.now()
    upcoming = Interview.objects.filter(
        interviewers=user,
        cancelled_at__isnull=True,
        starts_at__gt=now,
        application__stage__in=Application.OPEN_STAGES,
    )
    end_of_today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time.max)
    )
    today = upcoming.filter(starts_at__lte=end_of_today).count()
    items = list(
        upcoming.select_related("application__candidate", "application__requisition").order_by(
            "starts_at", "pk"
        )[:limit]
    )
    return today, items
