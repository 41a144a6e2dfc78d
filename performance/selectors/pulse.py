"""Reads of pulse surveys. Every figure shown about a group goes through `_guard`: a group with
fewer than PULSE_MIN_GROUP answers shows nothing, not even its count."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone

from backoffice.people import selectors as people_selectors
from performance.models import PulseAnswer, PulseParticipation, PulseRound, PulseSurvey
from performance.models.pulse import PULSE_ITEMS, pulse_min_group

ITEM_LABELS = {
    "collaboration": "Collaboration",
    "workload": "Workload",
    "autonomy": "Autonomy",
    "recognition": "Recognition",
    "growth": "Growth",
}


class GroupTooSmall(Exception):
    """A filter asked for a group below the minimum: the page says so and shows nothing."""


@dataclass(frozen=True)
class Scope:
    kind: str = "all"  # all | department | team
    pk: int | None = None
    label: str = "Everyone asked"

    def answer_filter(self, prefix: str = "") -> Q:
        if self.kind == "department":
            return Q(**{f"{prefix}department_bucket__department_id": self.pk})
        if self.kind == "team":
            return Q(**{f"{prefix}team_bucket__manager_id": self.pk})
        return Q()

    def query(self) -> str:
        return "" if self.kind == "all" else f"{self.kind}={self.pk}"


@dataclass
class RoundResult:
    round: PulseRound
    respondents: int
    withheld: bool
    enps: int | None = None
    items: dict[str, float] = field(default_factory=dict)

    @property
    def item_list(self) -> list[float | None]:
        return [self.items.get(key) for key, _ in PULSE_ITEMS]


def surveys_for_user(user) -> list[PulseSurvey]:
    return list(
        PulseSurvey.objects.visible_to(user)
        .annotate(round_count=Count("rounds", distinct=True))
        .order_by("name", "pk")
    )


def survey_get_for_user(user, pk: int) -> PulseSurvey:
    survey = PulseSurvey.objects.visible_to(user).filter(pk=pk).first()
    if survey is None:
        raise Http404
    return survey


def groups_of(survey: PulseSurvey, user) -> list[Scope]:
    """The groups the user may look at: HR everyone, each department and each manager's team
    that was asked; a manager only their own team. Whether a group shows anything is decided
    by its answers (see _guard), not here. Two queries at most."""
    if not user.is_hr:
        me = people_selectors.employee_for_user(user)
        return [Scope("team", me.pk, "Your team")] if me is not None else []
    asked = PulseParticipation.objects.filter(round__survey=survey)
    departments = (
        asked.filter(employee__department__isnull=False)
        .values_list("employee__department_id", "employee__department__name")
        .distinct()
        .order_by("employee__department__name")
    )
    managers = (
        asked.filter(employee__manager__isnull=False)
        .values_list(
            "employee__manager_id",
            "employee__manager__user__first_name",
            "employee__manager__user__last_name",
        )
        .distinct()
        .order_by("employee__manager__user__first_name", "employee__manager__user__last_name")
    )
    return (
        [Scope()]
        + [Scope("department", pk, name) for pk, name in departments]
        + [Scope("team", pk, f"Team of {first} {last}") for pk, first, last in managers]
    )


def scope_for(user, survey: PulseSurvey, params) -> tuple[Scope, list[Scope]]:
    """The group asked for in `params` (department=… or team=…), if the user may see it."""
    scopes = groups_of(survey, user)
    wanted = None
    for kind in ("department", "team"):
        value = params.get(kind)
        if value:
            if not str(value).isdigit():
                raise Http404
            wanted = (kind, int(value))
    if wanted is None:
        if not scopes:
            raise Http404
        return scopes[0], scopes
    for scope in scopes:
        if (scope.kind, scope.pk) == wanted:
            return scope, scopes
    raise Http404


def _aggregates(prefix: str, where: Q) -> dict:
    fields = {
        "respondents": Count(f"{prefix}pk", filter=where),
        "promoters": Count(f"{prefix}pk", filter=where & Q(**{f"{prefix}enps__gte": 9})),
        "detractors": Count(f"{prefix}pk", filter=where & Q(**{f"{prefix}enps__lte": 6})),
    }
    for key, _ in PULSE_ITEMS:
        fields[f"avg_{key}"] = Avg(f"{prefix}{key}", filter=where)
    return fields


def _guard(pulse_round, row: dict) -> RoundResult:
    respondents = row["respondents"]
    if respondents < pulse_min_group():
        return RoundResult(round=pulse_round, respondents=0, withheld=True)
    return RoundResult(
        round=pulse_round,
        respondents=respondents,
        withheld=False,
        enps=round((row["promoters"] - row["detractors"]) * 100 / respondents),
        items={key: round(row[f"avg_{key}"], 2) for key, _ in PULSE_ITEMS},
    )


def round_results(survey: PulseSurvey, scope: Scope) -> list[RoundResult]:
    """Per round of the survey, eNPS and each item's average in the group, oldest first; a
    round where fewer than the minimum answered is withheld. One query."""
    rounds = PulseRound.objects.filter(survey=survey).annotate(
        **_aggregates("answers__", scope.answer_filter("answers__"))
    )
    return [_guard(r, r.__dict__) for r in rounds.order_by("opens_on")]


def chart_data(results: list[RoundResult]) -> dict:
    shown = [r for r in results if not r.withheld]
    return {
        "labels": [r.round.opens_on.isoformat() for r in shown],
        "enps": [r.enps for r in shown],
        "items": [
            {"label": ITEM_LABELS[key], "values": [r.items[key] for r in shown]}
            for key, _ in PULSE_ITEMS
        ],
    }


def round_comments(pulse_round: PulseRound, scope: Scope, *, respondents: int, user):
    """The comments of a round in the group, only above the minimum (a comment's wording can
    give its author away in a small group). A manager reads those HR has not hidden; HR reads
    all, the hidden ones marked, so they can be shown again."""
    if respondents < pulse_min_group():
        return []
    answers = PulseAnswer.objects.filter(scope.answer_filter(), round=pulse_round).exclude(
        comment=""
    )
    if not user.is_hr:
        answers = answers.filter(comment_hidden=False)
    # Ordered by the comment itself: the order of answering says nothing then.
    return list(answers.only("pk", "comment", "comment_hidden").order_by("comment"))


def open_participations(employee, *, today=None) -> list[PulseParticipation]:
    """The rounds open today that the employee has not answered yet."""
    if employee is None:
        return []
    today = today or timezone.localdate()
    return list(
        PulseParticipation.objects.filter(
            employee=employee,
            answered=False,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
            round__survey__is_active=True,
        )
        .select_related("round__survey")
        .order_by("round__closes_on", "pk")
    )


def participation_get_for_user(user, round_pk: int) -> PulseParticipation:
    employee = people_selectors.employee_for_user(user)
    participation = (
        PulseParticipation.objects.filter(round_id=round_pk, employee=employee)
        .select_related("round__survey", "employee")
        .first()
        if employee is not None
        else None
    )
    if participation is None:
        raise Http404
    return participation


def rounds_overview(survey: PulseSurvey) -> list[PulseRound]:
    """HR's list of rounds with how many answered (participation, not answers). One query."""
    return list(
        PulseRound.objects.filter(survey=survey)
        .annotate(answered=Count("participations", filter=Q(participations__answered=True)))
        .order_by("-opens_on")
    )
