"""Reads of candidates and applications: the board, the application page, the candidate list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    Tag,
)
from recruiting.models.interviews import Interview
from recruiting.models.requisitions import Requisition
from recruiting.models.scorecards import ScorecardRating
from recruiting.selectors.scorecards import (
    requisition_scores_visible,
    visible_score_summaries,
)

BOARD_STAGES = (*Application.OPEN_STAGES, Application.Stage.HIRED)


def _application_for(user, pk: int):
    manageable = Application.objects.manageable_by(user).filter(pk=OuterRef("pk"))
    return (
        Application.objects.visible_to(user)
        .select_related(
            "candidate", "requisition__hiring_manager", "requisition__department", "owner"
        )
        .select_related("rejection_reason")
        .annotate(can_manage=Exists(manageable))
        .filter(pk=pk)[:1]
    )


def _application_for_viewer(*, user_id: int, pk: int, viewer):
    return _application_for(as_viewer(viewer, user_id), pk)


_compiled_application = CompiledOnce(Application, _application_for_viewer)


def application_get_for_user(user, pk: int) -> Application:
    """The application if `user` may see it (else 404), with `can_manage`: may they also
    move, reject and tag it. Its SQL is compiled once per set of roles (issue 22)."""
    if user.is_authenticated and user.is_active:
        rows = _compiled_application(viewer_key(user), {"viewer": user}, user_id=user.pk, pk=pk)
    else:
        rows = list(_application_for(user, pk))
    application = rows[0] if rows else None
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


def _board_shown(applications: QuerySet, order: list) -> QuerySet:
    """The pks of each column's first BOARD_COLUMN_LIMIT applications in `order`: a UNION ALL
    of one LIMITed query per stage, which the (requisition, stage, order) indexes read in order.
    Ranking every open application of the requisition with a window function sorted ~7,000
    rows at a million candidates (14 ms) to keep 150."""
    applications = applications.order_by(*order).values("pk")
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


def _board_cards_of(*, requisition_id: int, sort: str) -> QuerySet:
    order = _board_order(sort)
    applications = Application.objects.filter(requisition_id=requisition_id)
    shown = _board_shown(applications, order)
    # The candidates of the few shown are joined after: joining first hashed every candidate.
    return applications.filter(pk__in=shown).select_related("candidate").order_by(*order)


# The cards' SQL (a UNION of one query per stage) is compiled once per sort and column size:
# building and compiling it took 1.5 ms of Python per board, as long as PostgreSQL's answer.
_board_cards = CompiledOnce(Application, _board_cards_of)


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
    shape = (sort, BOARD_COLUMN_LIMIT)  # what the compiled SQL depends on besides the id
    applications = _board_cards(shape, {"sort": sort}, requisition_id=requisition.pk)
    for application in applications:
        application.requisition = requisition  # as requisition.applications would have set it
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


def candidate_list_queryset(user) -> QuerySet[Application]:
    """The candidate list across requisitions: one row per application."""
    return (
        Application.objects.visible_to(user)
        .select_related("candidate", "requisition", "rejection_reason")
        .prefetch_related(Prefetch("candidate__tags", queryset=Tag.objects.order_by("name")))
    )


# What the list page's rows show: not each row's search document, resume, cover letter or the
# requisition's description, read and turned into models for nothing.
LIST_COLUMNS = (
    "requisition_id",
    "candidate_id",
    "stage",
    "stage_changed_at",
    "applied_at",
    "rejection_reason_id",
    "source",
    "years_experience",
    "candidate__name",
    "candidate__email",
    "requisition__title",
    "rejection_reason__name",
)


def candidate_list_page_queryset(user) -> QuerySet[Application]:
    """The candidate list page's rows: the columns it shows, and each candidate's tags as a
    plain list (`candidate.tag_list`): no related manager made per row to hold them."""
    return (
        Application.objects.visible_to(user)
        .select_related("candidate", "requisition", "rejection_reason")
        .only(*LIST_COLUMNS)
        .prefetch_related(
            Prefetch("candidate__tags", queryset=Tag.objects.order_by("name"), to_attr="tag_list")
        )
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


def application_is_graded_by(application: Application, user) -> bool:
    """Is `user` one of the application's interviewers (as opposed to HR or its manager)?"""
    if user.is_hr or application.requisition.hiring_manager_id == user.pk:
        return False
    return Interview.objects.filter(application=application, interviewers=user).exists()
