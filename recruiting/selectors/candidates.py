"""Reads of candidates and applications: the board, the application page, the candidate list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import (
    Avg,
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
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from backoffice.people.models import User
from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    StageEvent,
    Tag,
)
from recruiting.models.interviews import Interview
from recruiting.models.offers import Offer
from recruiting.models.requisitions import Requisition
from recruiting.models.scorecards import Scorecard, ScorecardRating
from recruiting.models.skills_test import SkillsTest
from recruiting.selectors.scorecards import (
    ScoreSummary,
    _summary_of_cards,
    balance_warnings,
    requisition_scores_visible,
    sees_all_scores,
    visible_score_summaries,
)

BOARD_STAGES = (*Application.OPEN_STAGES, Application.Stage.HIRED)


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
        return move_options(self.stage)


def move_options(stage: str) -> str:
    """The Move menu's <option>s for an application in `stage`: only allowed moves, the next
    stage first; a move back carries data-confirm (static/js/app.js asks before submitting).
    With no forward move (an offer: hiring goes through the offer), the menu starts on an
    empty choice rather than on a move back."""
    application = Application(stage=stage)
    moves = application.moves_offered()
    if not moves:
        return ""
    options = []
    if application.is_backward_move(moves[0][0]):
        options.append(mark_safe('<option value="" selected disabled>Back to…</option>'))
    for value, label in moves:
        if application.is_backward_move(value):
            question = f"Move back from {application.get_stage_display()} to {label}?"
            options.append(
                format_html(
                    '<option value="{}" data-confirm="{}">{} (back)</option>',
                    value,
                    question,
                    label,
                )
            )
        else:
            options.append(format_html('<option value="{}">{}</option>', value, label))
    return mark_safe("".join(options))  # noqa: S308 - each part went through format_html


# How the board orders each column's cards; "score" only for viewers who may see the scores.
BOARD_SORTS = {
    "newest": "Newest applicants",
    "in_stage": "Longest in stage",
    "score": "Score",
}


def board_sorts_for(user, requisition: Requisition) -> dict[str, str]:
    if requisition_scores_visible(user, requisition):
        return BOARD_SORTS
    return {key: label for key, label in BOARD_SORTS.items() if key != "score"}


def _board_order(sort: str) -> list:
    if sort == "in_stage":
        return [F("stage_changed_at").asc(), F("pk").asc()]
    if sort == "score":
        # The SQL stand-in for the overall score, to choose which cards a long column shows;
        # the shown cards are then ordered by the exact weighted score.
        mean = (
            ScorecardRating.objects.filter(
                scorecard__application=OuterRef("pk"),
                scorecard__submitted_at__isnull=False,
                scorecard__superseded_by__isnull=True,
                rating__isnull=False,
            )
            .order_by()
            .values("scorecard__application")
            .annotate(mean=Avg("rating"))
            .values("mean")[:1]
        )
        return [Subquery(mean).desc(nulls_last=True), F("applied_at").desc(), F("pk").desc()]
    return [F("applied_at").desc(), F("pk").desc()]


def _board_shown(requisition: Requisition, order: list) -> QuerySet:
    """The pks of each column's first BOARD_COLUMN_LIMIT applications in `order`: a UNION ALL
    of one LIMITed query per stage, which the (requisition, stage, order) indexes read in order.
    Ranking every open application of the requisition with a window function sorted ~7,000
    rows at a million candidates (14 ms) to keep 150."""
    applications = requisition.applications.order_by(*order).values("pk")
    if connection.features.supports_slicing_ordering_in_compound:
        columns = [applications.filter(stage=stage)[:BOARD_COLUMN_LIMIT] for stage in BOARD_STAGES]
        return columns[0].union(*columns[1:], all=True)
    # SQLite (the local fallback) cannot LIMIT the parts of a UNION: rank them instead.
    position = Window(RowNumber(), partition_by=[F("stage")], order_by=order)
    return (
        applications.filter(stage__in=BOARD_STAGES)
        .annotate(position=position)
        .filter(position__lte=BOARD_COLUMN_LIMIT)
        .values("pk")
    )


def board_for(
    requisition: Requisition, user, *, sort: str = "newest"
) -> tuple[list[BoardColumn], dict[str, int]]:
    """The pipeline board: one column per stage (at most BOARD_COLUMN_LIMIT cards each, in
    `sort` order: newest applicants first unless asked otherwise), and the number of
    applications in every stage; a fixed number of queries whatever the requisition's size
    (the cards, the stage counts, and the cards' scorecard summaries). Scores go through the
    independence rule (visible_score_summaries)."""
    if sort not in board_sorts_for(user, requisition):
        sort = "newest"
    order = _board_order(sort)
    shown = _board_shown(requisition, order)
    # The candidates of the few shown are joined after: joining first hashed every candidate.
    applications = list(
        requisition.applications.filter(pk__in=shown).select_related("candidate").order_by(*order)
    )
    summaries = visible_score_summaries(user, applications)
    for application in applications:
        application.score = summaries[application.pk]
    if sort == "score":
        applications.sort(
            key=lambda a: (
                a.score.overall is None,
                -(a.score.overall or 0),
                -a.applied_at.timestamp(),
            )
        )
    by_stage: dict[str, list[Application]] = defaultdict(list)
    for application in applications:
        by_stage[application.stage].append(application)
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
    """New applications (stage applied) in the open requisitions `user` manages, newest
    first."""
    waiting = Application.objects.filter(
        requisition__hiring_manager=user,
        requisition__status=Requisition.Status.OPEN,
        stage=Application.Stage.APPLIED,
    )
    items = list(
        waiting.select_related("candidate", "requisition").order_by("-applied_at", "-pk")[:limit]
    )
    return waiting.count(), items


def application_hiring(
    application: Application, user, *, panels: dict[int, list] | None = None
) -> dict:
    """What the application page shows of structured hiring, in a fixed number of queries.
    `panels` (interview pk -> interviewers) comes from the page's record query."""
    panels = panels or {}
    interviews = list(Interview.objects.filter(application=application))
    for interview in interviews:
        interview.panel = panels.get(interview.pk, [])
    visible = list(
        Scorecard.objects.visible_to(user)
        .filter(application=application)
        .filter(Q(submitted_at__isnull=False) | Q(interviewer=user))
        .select_related("interviewer", "interview", "superseded_by")
        .prefetch_related(
            Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion"))
        )
        .order_by("interview__starts_at", "created_at")
    )
    # Independence: the page's own list holds every current submitted scorecard exactly when
    # the viewer may see the panel's scores (the one rule: sees_all_scores); otherwise nothing
    # derived from colleagues' scorecards is shown.
    sees_all = sees_all_scores(user, application)
    summary = _summary_of_cards(application, visible) if sees_all else ScoreSummary(hidden=True)
    others_hidden = not sees_all
    tests = list(SkillsTest.objects.filter(application=application))
    offers = list(
        Offer.objects.visible_to(user)
        .filter(application=application)
        .select_related("signature", "response_recorded_by")
    )
    for offer in offers:
        offer.application = application
        offer.next_steps = [
            (to, Offer.Status(to).label)
            for to in Offer.TRANSITIONS[offer.status]
            if offer.can_transition(to, user)
        ]
    can_manage = getattr(application, "can_manage", False)
    return {
        "interviews": interviews,
        "scorecards": visible,
        "score": summary,
        "others_hidden": others_hidden,
        "skills_tests": tests,
        "offers": offers,
        "has_live_offer": any(
            offer.status in (*Offer.OPEN_STATUSES, Offer.Status.ACCEPTED) for offer in offers
        ),
        "balance_warnings": balance_warnings(application, summary) if can_manage else [],
    }


def application_is_graded_by(application: Application, user) -> bool:
    """Is `user` one of the application's interviewers (as opposed to HR or its manager)?"""
    if user.is_hr or application.requisition.hiring_manager_id == user.pk:
        return False
    return Interview.objects.filter(application=application, interviewers=user).exists()
