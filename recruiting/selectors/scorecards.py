"""Reads of scorecards: score summaries, balance warnings, the ranking and calibration."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from backoffice.core.compiled_once import CompiledOnce
from recruiting.models.candidates import Application
from recruiting.models.requisitions import Requisition
from recruiting.models.scorecards import (
    Recommendation,
    Scorecard,
    ScorecardCriterion,
    ScorecardRating,
    ScorecardTemplate,
    scored_by,
)

DISAGREEMENT_GAP = 2


Section = ScorecardCriterion.Section


@dataclass
class ScoreSummary:
    skills: float | None = None
    culture: float | None = None
    scorecards: int = 0
    tally: dict = field(default_factory=dict)  # recommendation value -> count
    disagreements: list = field(default_factory=list)  # criterion names
    per_criterion: dict = field(default_factory=dict)  # criterion_id -> [ratings]
    # The viewer may not see the panel's scores yet (they have not submitted their own).
    hidden: bool = False

    @property
    def overall(self) -> float | None:
        parts = [value for value in (self.skills, self.culture) if value is not None]
        return round(sum(parts) / len(parts), 2) if parts else None

    @property
    def tally_rows(self) -> list[tuple[str, int]]:
        return [(choice.label, self.tally.get(choice.value, 0)) for choice in Recommendation]


def _weighted(rows: list[tuple[float, int]]) -> float | None:
    total_weight = sum(weight for _, weight in rows)
    if not total_weight:
        return None
    return round(sum(mean * weight for mean, weight in rows) / total_weight, 2)


def scorecard_summaries(application_ids) -> dict[int, ScoreSummary]:
    """Per application: weighted skills and culture-fit scores (the weighted mean of each
    criterion's mean rating), the recommendation tally, the number of submitted scorecards
    and the criteria where ratings differ by 2 or more. One query for any number."""
    ids = list(application_ids)
    if not ids:
        return {}
    rows = (
        Scorecard.objects.current()
        .filter(application_id__in=ids, submitted_at__isnull=False)
        .order_by()
        .values_list(
            "application_id",
            "pk",
            "recommendation",
            "ratings__criterion_id",
            "ratings__criterion__name",
            "ratings__criterion__section",
            "ratings__criterion__weight",
            "ratings__rating",
        )
    )
    recommendations, ratings = {}, []
    for application_id, card, recommendation, *rating in rows:
        recommendations[card] = (application_id, recommendation)
        if rating[-1] is not None:
            ratings.append((application_id, *rating))
    return _summarise(ids, ratings, recommendations.values())


# --- Who may see what of scores: the one rule every page, fragment and count goes through ---


def sees_all_scores(user, application: Application) -> bool:
    """HR and the requisition's hiring manager see every score; anyone else (an interviewer)
    sees the panel's scores on an application only once they have submitted their own
    scorecard there. Until then nothing derived from colleagues' scorecards reaches them."""
    return application.pk in score_visible_ids(user, [application])


def requisition_scores_visible(user, requisition) -> bool:
    """May `user` see the scores of every application of the requisition (HR, its manager)?"""
    active = bool(user and user.is_authenticated and user.is_active)
    return active and (user.is_hr or requisition.hiring_manager_id == user.pk)


def score_visible_ids(user, applications) -> set[int]:
    """The pks among `applications` (Application instances, their requisition loaded or
    cached) whose panel scores `user` may see. At most one query, none for HR or managers."""
    applications = list(applications)
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if user.is_hr:
        return {a.pk for a in applications}
    visible = {a.pk for a in applications if a.requisition.hiring_manager_id == user.pk}
    rest = [a.pk for a in applications if a.pk not in visible]
    if rest:
        visible |= set(
            scored_by(user).filter(application_id__in=rest).values_list("application_id", flat=True)
        )
    return visible


def visible_score_summaries(user, applications) -> dict[int, ScoreSummary]:
    """scorecard_summaries through the independence rule: an application whose scores `user`
    may not see yet gets an empty summary marked hidden (no averages, tally, count or flag)."""
    applications = list(applications)
    visible = score_visible_ids(user, applications)
    summaries = scorecard_summaries(pk for pk in (a.pk for a in applications) if pk in visible)
    return {
        a.pk: summaries[a.pk] if a.pk in visible else ScoreSummary(hidden=True)
        for a in applications
    }


def applications_with_visible_scores(user):
    """The same rule as a queryset of applications (for lists that aggregate in SQL)."""
    if not (user and user.is_authenticated and user.is_active):
        return Application.objects.none()
    if user.is_hr:
        return Application.objects.all()
    return Application.objects.filter(
        Q(requisition__hiring_manager=user) | Q(pk__in=scored_by(user).values("application_id"))
    )


def _summary_of_cards(application: Application, cards: list[Scorecard]) -> ScoreSummary:
    """The same summary from scorecards already loaded with their ratings and criteria: the
    page's own list, when it holds every current submitted scorecard."""
    ratings, recommendations = [], []
    for card in cards:
        if not card.is_submitted or hasattr(card, "superseded_by"):
            continue
        recommendations.append((application.pk, card.recommendation))
        for rating in card.ratings.all():
            if rating.rating is not None:
                criterion = rating.criterion
                ratings.append(
                    (
                        application.pk,
                        criterion.pk,
                        criterion.name,
                        criterion.section,
                        criterion.weight,
                        rating.rating,
                    )
                )
    return _summarise([application.pk], ratings, recommendations)[application.pk]


def _summarise(ids, ratings, recommendations) -> dict[int, ScoreSummary]:
    """ratings: (application, criterion, name, section, weight, rating) rows of current
    submitted scorecards; recommendations: (application, recommendation), one per scorecard."""
    summaries = {pk: ScoreSummary() for pk in ids}
    meta: dict[int, tuple[str, str, int]] = {}
    for application_id, criterion_id, name, section, weight, rating in ratings:
        summaries[application_id].per_criterion.setdefault(criterion_id, []).append(rating)
        meta[criterion_id] = (name, section, weight)
    for summary in summaries.values():
        by_section = defaultdict(list)
        for criterion_id, values in summary.per_criterion.items():
            name, section, weight = meta[criterion_id]
            by_section[section].append((statistics.fmean(values), weight))
            if max(values) - min(values) >= DISAGREEMENT_GAP:
                summary.disagreements.append(name)
        summary.skills = _weighted(by_section[Section.SKILLS])
        summary.culture = _weighted(by_section[Section.CULTURE])
        summary.disagreements.sort()
    tallies = defaultdict(Counter)
    for application_id, recommendation in recommendations:
        summaries[application_id].scorecards += 1
        tallies[application_id][recommendation] += 1
    for application_id, tally in tallies.items():
        summaries[application_id].tally = dict(tally)
    return summaries


def template_for(application: Application) -> ScorecardTemplate | None:
    return ScorecardTemplate.for_requisition(application.requisition)


def _criteria_of(*, template_id: int | None = None, family_id: int | None = None):
    requisition = Requisition(scorecard_template_id=template_id, role_family_id=family_id)
    return ScorecardCriterion.objects.filter(
        template_id=ScorecardTemplate.pk_for_requisition(requisition)
    )


# Compiled once per shape: whether a template was chosen, whether there is a role family.
_criteria = CompiledOnce(ScorecardCriterion, _criteria_of)


def _template_criteria(requisition) -> list[ScorecardCriterion]:
    """The criteria of ScorecardTemplate.for_requisition(requisition), in one query."""
    ids = {
        "template_id": requisition.scorecard_template_id,
        "family_id": requisition.role_family_id,
    }
    return _criteria(**{name: value for name, value in ids.items() if value is not None})


def balance_warnings(application: Application, summary: ScoreSummary | None = None) -> list[str]:
    """Why moving to offer deserves a second thought: nobody assessed culture fit and soft
    skills, or a required criterion has no rating on any submitted scorecard."""
    criteria = _template_criteria(application.requisition)
    if not criteria:
        return []
    summary = summary or scorecard_summaries([application.pk])[application.pk]
    rated = set(summary.per_criterion)
    warnings = []
    if not any(c.pk in rated for c in criteria if c.section == Section.CULTURE):
        warnings.append("Nobody has assessed culture fit and soft skills.")
    unrated = [c.name for c in criteria if c.required and c.pk not in rated]
    if unrated:
        warnings.append("Required criteria not rated: " + ", ".join(unrated) + ".")
    return warnings


def scorecard_get_for_user(user, pk: int) -> Scorecard:
    scorecard = (
        Scorecard.objects.visible_to(user)
        .select_related("interview__application__candidate", "interviewer")
        .filter(pk=pk)
        .first()
    )
    if scorecard is None:
        raise Http404("No such scorecard")
    return scorecard


def ranking_for(requisition, user) -> list[Application]:
    """The requisition's open and hired candidates, best overall score first (unscored last);
    scores `user` may not see yet count as unscored."""
    applications = list(
        requisition.applications.exclude(
            stage__in=[Application.Stage.REJECTED, Application.Stage.WITHDRAWN]
        ).select_related("candidate")
    )
    summaries = visible_score_summaries(user, applications)
    for application in applications:
        application.score = summaries[application.pk]
    applications.sort(
        key=lambda a: (a.score.overall is None, -(a.score.overall or 0), a.candidate.name)
    )
    return applications


@dataclass
class CalibrationRow:
    interviewer: object
    scorecards: int
    mean: float
    panel_mean: float | None

    @property
    def difference(self) -> float | None:
        return None if self.panel_mean is None else round(self.mean - self.panel_mean, 2)

    @property
    def tendency(self) -> str:
        gap = self.difference
        if gap is None:
            return "No panel to compare"
        if gap >= 0.5:
            return "Lenient"
        if gap <= -0.5:
            return "Harsh"
        return "In line"


def calibration(user) -> list[CalibrationRow]:
    """Each interviewer's mean rating against the rest of the panel's on the same
    applications (current submitted scorecards only), over the applications whose scores
    `user` may see. One query for the ratings."""
    from backoffice.people.models import User

    rows = ScorecardRating.objects.filter(
        scorecard__submitted_at__isnull=False,
        scorecard__superseded_by__isnull=True,
        rating__isnull=False,
    )
    if not user.is_hr:
        rows = rows.filter(scorecard__application__in=applications_with_visible_scores(user))
    rows = rows.values_list(
        "scorecard__interviewer_id", "scorecard__application_id", "scorecard_id", "rating"
    )
    by_application: dict[int, list[tuple[int, int]]] = defaultdict(list)
    cards: dict[int, set[int]] = defaultdict(set)
    for interviewer_id, application_id, scorecard_id, rating in rows:
        by_application[application_id].append((interviewer_id, rating))
        cards[interviewer_id].add(scorecard_id)
    own: dict[int, list[int]] = defaultdict(list)
    panel: dict[int, list[int]] = defaultdict(list)
    for ratings in by_application.values():
        for interviewer_id in {who for who, _ in ratings}:
            for who, rating in ratings:
                (own if who == interviewer_id else panel)[interviewer_id].append(rating)
    users = User.objects.in_bulk(list(own))
    result = [
        CalibrationRow(
            interviewer=users[pk],
            scorecards=len(cards[pk]),
            mean=round(statistics.fmean(own[pk]), 2),
            panel_mean=round(statistics.fmean(panel[pk]), 2) if panel[pk] else None,
        )
        for pk in own
    ]
    result.sort(key=lambda row: (row.difference is None, -abs(row.difference or 0)))
    return result
