"""Reads of recruiting, shaped for pages and reports; every one starts from visible_to(user)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone

from recruiting.models import (
    Application,
    ApplicationAttachment,
    Requisition,
    StageEvent,
    Tag,
)

BOARD_STAGES = (*Application.OPEN_STAGES, Application.Stage.HIRED)


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


def application_get_for_user(user, pk: int) -> Application:
    application = (
        Application.objects.visible_to(user)
        .select_related(
            "candidate", "requisition__hiring_manager", "requisition__department", "owner"
        )
        .select_related("rejection_reason")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def attachment_get_for_user(user, pk: int) -> ApplicationAttachment:
    attachment = (
        ApplicationAttachment.objects.filter(application__in=Application.objects.visible_to(user))
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


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


# A column shows the cards longest in the stage first, up to this many; the rest are counted and
# reached through the candidate list (a requisition can hold thousands of applications).
BOARD_COLUMN_LIMIT = 25


@dataclass
class BoardColumn:
    stage: Application.Stage
    applications: list[Application]
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.applications)


def board_for(requisition: Requisition) -> tuple[list[BoardColumn], dict[str, int]]:
    """The pipeline board: one column per stage (at most BOARD_COLUMN_LIMIT cards each), and
    the number of applications in every stage; a fixed number of queries whatever the
    requisition's size (the cards, the stage counts, and the cards' scorecard summaries)."""
    position = Window(
        RowNumber(),
        partition_by=[F("stage")],
        order_by=[F("stage_changed_at").asc(), F("pk").asc()],
    )
    applications = list(
        requisition.applications.filter(stage__in=BOARD_STAGES)
        .select_related("candidate")
        .annotate(position=position)
        .filter(position__lte=BOARD_COLUMN_LIMIT)
        .order_by("stage_changed_at", "pk")
    )
    by_stage: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_stage[application.stage].append(application)
        # The card's no-JavaScript form; "Move" without choosing goes one stage forward.
        application.board_moves = application.moves_offered()
    from recruiting.hiring_selectors import scorecard_summaries

    summaries = scorecard_summaries(application.pk for application in applications)
    for application in applications:
        application.score = summaries[application.pk]
    counts = dict(
        requisition.applications.order_by().values_list("stage").annotate(count=Count("pk"))
    )
    columns = [
        BoardColumn(stage=stage, applications=by_stage[stage], total=counts.get(stage, 0))
        for stage in BOARD_STAGES
    ]
    closed = {
        stage: counts[stage]
        for stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
        if stage in counts
    }
    return columns, closed


def application_page(application: Application) -> dict:
    """Everything the application page shows, in a fixed number of queries."""
    return {
        "events": list(application.events.select_related("by")),
        "notes": list(application.notes.select_related("author")),
        "attachments": list(application.attachments.all()),
        "tags": list(application.candidate.tags.all()),
        "interviewers": list(application.interviewer_assignments.select_related("user")),
    }


def candidate_list_queryset(user) -> QuerySet[Application]:
    """The candidate list across requisitions: one row per application."""
    return (
        Application.objects.visible_to(user)
        .select_related("candidate", "requisition", "rejection_reason")
        .prefetch_related(Prefetch("candidate__tags", queryset=Tag.objects.order_by("name")))
    )


def applications_waiting_for_manager(user, *, limit: int = 8) -> tuple[int, list[Application]]:
    """New applications (stage applied) in the open requisitions `user` manages."""
    waiting = Application.objects.filter(
        requisition__hiring_manager=user,
        requisition__status=Requisition.Status.OPEN,
        stage=Application.Stage.APPLIED,
    )
    items = list(waiting.select_related("candidate", "requisition").order_by("applied_at")[:limit])
    return waiting.count(), items


def requisitions_pending_approval(user, *, limit: int = 8) -> tuple[int, list[Requisition]]:
    pending = Requisition.objects.visible_to(user).filter(
        status=Requisition.Status.PENDING_APPROVAL
    )
    items = list(pending.select_related("hiring_manager").order_by("updated_at")[:limit])
    return (len(items) if len(items) < limit else pending.count()), items


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
