"""Reads of requisitions: lists with stage counts, approvals waiting, the requisition report."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
from recruiting.models.candidates import Application, StageEvent
from recruiting.models.requisitions import Requisition
from recruiting.selectors.candidates import BOARD_STAGES


def requisition_get_for_user(user, pk: int) -> Requisition:
    """The requisition if `user` may see it; 404 otherwise (not 403: don't confirm it exists)."""
    requisition = (
        Requisition.objects.visible_to(user)
        .select_related("department", "role_family", "hiring_manager")
        .filter(pk=pk)
        .first()
    )
    if requisition is None:
        raise Http404("No such requisition")
    return requisition


def _stage_counts() -> dict:
    return {
        f"count_{stage}": Count("applications", filter=Q(applications__stage=stage))
        for stage in Application.Stage.values
    }


def requisitions_for_user(user) -> QuerySet[Requisition]:
    """My requisitions (HR: all): each with its applications counted per stage."""
    return (
        Requisition.objects.visible_to(user)
        .select_related("department", "hiring_manager")
        .annotate(**_stage_counts(), count_total=Count("applications"))
        .order_by("status", "-created_at", "-pk")
    )


def with_stage_counts(requisitions) -> list[Requisition]:
    """Shape one page of requisitions_for_user for the table: counts in stage order."""
    now = timezone.now()
    rows = list(requisitions)
    for requisition in rows:
        requisition.stage_counts = [
            (stage, getattr(requisition, f"count_{stage.value}")) for stage in Application.Stage
        ]
        requisition.days_open_now = requisition.days_open(now)
    return rows


def _pending_for(user):
    return Requisition.objects.visible_to(user).filter(status=Requisition.Status.PENDING_APPROVAL)


def _pending_list(*, user_id: int, viewer, limit: int):
    pending = _pending_for(as_viewer(viewer, user_id))
    shown = ("title", "updated_at", "hiring_manager__first_name", "hiring_manager__last_name")
    return (
        pending.select_related("hiring_manager")
        .only(*shown, "hiring_manager__email")
        .order_by("updated_at")[:limit]
    )


# On the home page of HR at every visit: compiled once per process (issue 22).
_pending = CompiledOnce(Requisition, _pending_list)


def requisitions_pending_approval(user, *, limit: int = 8) -> tuple[int, list[Requisition]]:
    if not (user.is_authenticated and user.is_active):
        return 0, []
    shape = {"viewer": user, "limit": limit}
    items = _pending((*viewer_key(user), limit), shape, user_id=user.pk)
    return (len(items) if len(items) < limit else _pending_for(user).count()), items


# --- The requisition report ----------------------------------------------------------------


@dataclass
class FunnelRow:
    stage: Application.Stage
    reached: int
    conversion: float | None  # share of the previous stage that reached this one, in %
    median_days: float | None  # median days spent in this stage by those who left it


def requisition_report(requisition: Requisition) -> dict:
    """Funnel, median time in stage, sources and time to fill, computed from StageEvents."""
    events = list(
        StageEvent.objects.filter(application__requisition=requisition)
        .order_by("application_id", "at", "pk")
        .values_list("application_id", "from_stage", "to_stage", "at")
    )
    reached: dict[str, set[int]] = defaultdict(set)
    durations: dict[str, list[float]] = defaultdict(list)
    previous: dict[int, tuple[str, object]] = {}
    for application_id, _from_stage, to_stage, at in events:
        reached[to_stage].add(application_id)
        if application_id in previous:
            stage, since = previous[application_id]
            durations[stage].append((at - since).total_seconds() / 86400)
        previous[application_id] = (to_stage, at)
    applications = list(requisition.applications.values_list("pk", "stage", "source"))
    reached[Application.Stage.APPLIED].update(pk for pk, _, _ in applications)
    # A card can skip stages (screening straight to interview): reaching a later stage counts
    # as passing the earlier ones, so the funnel never widens.
    order = list(BOARD_STAGES)
    rows: list[FunnelRow] = []
    passed: set[int] = set()
    counts = []
    for stage in reversed(order):
        passed |= reached[stage]
        counts.append(len(passed))
    counts.reverse()
    for index, stage in enumerate(order):
        before = counts[index - 1] if index else None
        conversion = round(100 * counts[index] / before, 1) if before else None
        median = statistics.median(durations[stage]) if durations[stage] else None
        rows.append(
            FunnelRow(
                stage=stage,
                reached=counts[index],
                conversion=conversion,
                median_days=round(median, 1) if median is not None else None,
            )
        )
    sources = Counter((source or "Not given") for _, _, source in applications)
    hired_days = [
        (at - requisition.opened_at).total_seconds() / 86400
        for application_id, _f, to_stage, at in events
        if to_stage == Application.Stage.HIRED and requisition.opened_at
    ]
    return {
        "funnel": rows,
        "sources": sorted(sources.items(), key=lambda item: (-item[1], item[0])),
        "total": len(applications),
        "rejected": sum(1 for _, stage, _ in applications if stage == Application.Stage.REJECTED),
        "withdrawn": sum(1 for _, stage, _ in applications if stage == Application.Stage.WITHDRAWN),
        "days_open": requisition.days_open(),
        "time_to_fill_days": (
            requisition.days_open() if requisition.status == Requisition.Status.FILLED else None
        ),
        "days_to_first_hire": round(min(hired_days), 1) if hired_days else None,
    }
