"""Reads of recruiting, shaped for pages and reports; every one starts from visible_to(user)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html_join

from backoffice.people.models import User
from recruiting.models import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    Interview,
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
    """The application if `user` may see it (else 404), with `can_manage`: may they also
    move, reject and tag it."""
    manageable = Application.objects.manageable_by(user).filter(pk=OuterRef("pk"))
    application = (
        Application.objects.visible_to(user)
        .select_related(
            "candidate", "requisition__hiring_manager", "requisition__department", "owner"
        )
        .select_related("rejection_reason")
        .annotate(can_manage=Exists(manageable))
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

    @cached_property
    def move_options(self) -> str:
        """The <option>s of every card's no-JavaScript move form: the moves depend on the
        stage alone, so they are built once per column, not once per card."""
        moves = Application(stage=self.stage).moves_offered()
        return format_html_join("", '<option value="{}">{}</option>', moves)


def board_for(requisition: Requisition) -> tuple[list[BoardColumn], dict[str, int]]:
    """The pipeline board: one column per stage (at most BOARD_COLUMN_LIMIT cards each), and
    the number of applications in every stage; a fixed number of queries whatever the
    requisition's size (the cards, the stage counts, and the cards' scorecard summaries)."""
    position = Window(
        RowNumber(),
        partition_by=[F("stage")],
        order_by=[F("stage_changed_at").asc(), F("pk").asc()],
    )
    # Rank the requisition's applications alone, then join the candidates of the few shown:
    # joining first made PostgreSQL hash the whole candidate table.
    shown = (
        requisition.applications.filter(stage__in=BOARD_STAGES)
        .annotate(position=position)
        .filter(position__lte=BOARD_COLUMN_LIMIT)
        .values("pk")
    )
    applications = list(
        requisition.applications.filter(stage__in=BOARD_STAGES, pk__in=shown)
        .select_related("candidate")
        .order_by("stage_changed_at", "pk")
    )
    by_stage: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_stage[application.stage].append(application)
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


# The application page's small lists (stage events, notes, files, tags, assigned interviewers,
# each interview's panel) come in one UNION query: every branch selects the same columns, and
# each row is turned back into the model instance the template knows. Eight round trips become one.
_RECORD_COLUMNS = ("ref", "at", "person", "first", "last", "email", "a", "b", "text")


def _record_rows(queryset, kind: str, *, ref="pk", at=None, person=None, a=None, b=None, text=None):
    def column(path, output_field):
        return F(path) if path else Value(None, output_field=output_field)

    return queryset.order_by().values(
        row_kind=Value(kind, output_field=CharField()),
        row_ref=F(ref),
        row_at=column(at, DateTimeField()),
        row_person=column(person and f"{person}_id", IntegerField()),
        row_first=column(person and f"{person}__first_name", CharField()),
        row_last=column(person and f"{person}__last_name", CharField()),
        row_email=column(person and f"{person}__email", CharField()),
        row_a=column(a, CharField()),
        row_b=column(b, CharField()),
        row_text=column(text, CharField()),
    )


def _person(row: dict) -> User | None:
    if row["person"] is None:
        return None
    return User(
        pk=row["person"], first_name=row["first"], last_name=row["last"], email=row["email"]
    )


def application_page(application: Application) -> dict:
    """Everything the application page shows of the application's own record, in one query."""
    Panel = Interview.interviewers.through
    branches = [
        _record_rows(
            application.events.all(),
            "event",
            at="at",
            person="by",
            a="from_stage",
            b="to_stage",
            text="note",
        ),
        _record_rows(
            application.notes.all(), "note", at="created_at", person="author", text="body"
        ),
        _record_rows(
            application.attachments.all(), "file", at="uploaded_at", a="filename", b="content_type"
        ),
        _record_rows(Tag.objects.filter(candidates=application.candidate_id), "tag", text="name"),
        _record_rows(
            application.interviewer_assignments.all(), "assigned", at="assigned_at", person="user"
        ),
        _record_rows(
            Panel.objects.filter(interview__application=application),
            "panel",
            ref="interview_id",
            person="user",
        ),
    ]
    rows = branches[0].union(*branches[1:], all=True)
    page = {"events": [], "notes": [], "attachments": [], "tags": [], "interviewers": []}
    panels: dict[int, list[User]] = defaultdict(list)
    for raw in rows:
        row = {column: raw[f"row_{column}"] for column in _RECORD_COLUMNS}
        kind, pk, at = raw["row_kind"], row["ref"], row["at"]
        if kind == "event":
            page["events"].append(
                StageEvent(
                    pk=pk,
                    at=at,
                    by=_person(row),
                    from_stage=row["a"] or "",
                    to_stage=row["b"],
                    note=row["text"] or "",
                )
            )
        elif kind == "note":
            page["notes"].append(
                ApplicationNote(pk=pk, created_at=at, author=_person(row), body=row["text"])
            )
        elif kind == "file":
            page["attachments"].append(
                ApplicationAttachment(
                    pk=pk, uploaded_at=at, filename=row["a"], content_type=row["b"]
                )
            )
        elif kind == "tag":
            page["tags"].append(Tag(pk=pk, name=row["text"]))
        elif kind == "assigned":
            page["interviewers"].append(
                ApplicationInterviewer(pk=pk, assigned_at=at, user=_person(row))
            )
        else:
            panels[pk].append(_person(row))
    page["events"].sort(key=lambda event: (event.at, event.pk))
    page["notes"].sort(key=lambda note: (note.created_at, note.pk))
    page["attachments"].sort(key=lambda attachment: (attachment.uploaded_at, attachment.pk))
    page["tags"].sort(key=lambda tag: tag.name)
    page["interviewers"].sort(key=lambda assignment: (assignment.assigned_at, assignment.pk))
    page["panels"] = {pk: sorted(people, key=_user_order) for pk, people in panels.items()}
    return page


def _user_order(user: User) -> tuple:
    return (user.first_name, user.last_name, user.email)


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
