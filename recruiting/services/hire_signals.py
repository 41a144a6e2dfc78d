"""What we knew of a hire when we hired them, kept for the hiring signals report.

At the hire recruiting copies its signals into people's HireSignal rows (one seam, no import of
another domain app): each scorecard criterion's mean rating, the skills and culture-fit section
means, the overall recommendation, and the data-entry test's accuracy and speed. Per-interviewer
rows (with `interviewer` set) let HR see whose ratings predicted outcomes.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import fmean

from django.db import transaction

from backoffice.people.models import Employee, HireSignal
from recruiting.models.candidates import Application
from recruiting.models.scorecards import Recommendation, Scorecard, ScorecardCriterion
from recruiting.models.skills_test import SkillsTest

RECOMMENDATION_SCORES = {
    Recommendation.STRONG_NO: 1,
    Recommendation.NO: 2,
    Recommendation.YES: 3,
    Recommendation.STRONG_YES: 4,
}
RECOMMENDATION_NAME = "Overall recommendation"
TEST_ACCURACY_NAME = "Data-entry test accuracy (%)"
TEST_SPEED_NAME = "Data-entry test speed (records per hour)"
SECTION_NAMES = {
    ScorecardCriterion.Section.SKILLS: "Skills section",
    ScorecardCriterion.Section.CULTURE: "Culture fit and soft skills section",
}


def _scorecard_signals(employee: Employee, application: Application) -> list[HireSignal]:
    scorecards = list(
        Scorecard.objects.current()
        .filter(application=application, submitted_at__isnull=False)
        .prefetch_related("ratings__criterion")
    )
    by_criterion: dict[str, list[int]] = defaultdict(list)
    by_interviewer: dict[tuple[str, int], list[int]] = defaultdict(list)
    sections: dict[str, set[str]] = defaultdict(set)
    recommendations: list[tuple[int, int]] = []
    for scorecard in scorecards:
        if scorecard.recommendation in RECOMMENDATION_SCORES:
            score = RECOMMENDATION_SCORES[scorecard.recommendation]
            recommendations.append((scorecard.interviewer_id, score))
        for rating in scorecard.ratings.all():
            if rating.rating is None:
                continue
            name = rating.criterion.name
            by_criterion[name].append(rating.rating)
            by_interviewer[(name, scorecard.interviewer_id)].append(rating.rating)
            sections[rating.criterion.section].add(name)
    Kind = HireSignal.Kind
    rows = [
        HireSignal(employee=employee, kind=Kind.CRITERION, name=name, value=fmean(values))
        for name, values in by_criterion.items()
    ]
    rows += [
        HireSignal(
            employee=employee,
            kind=Kind.CRITERION,
            name=name,
            value=fmean(values),
            interviewer_id=interviewer_id,
        )
        for (name, interviewer_id), values in by_interviewer.items()
    ]
    for section, names in sections.items():
        value = fmean(fmean(by_criterion[name]) for name in names)
        rows.append(
            HireSignal(
                employee=employee, kind=Kind.SECTION, name=SECTION_NAMES[section], value=value
            )
        )
    if recommendations:
        rows.append(
            HireSignal(
                employee=employee,
                kind=Kind.RECOMMENDATION,
                name=RECOMMENDATION_NAME,
                value=fmean(score for _interviewer, score in recommendations),
            )
        )
        rows += [
            HireSignal(
                employee=employee,
                kind=Kind.RECOMMENDATION,
                name=RECOMMENDATION_NAME,
                value=score,
                interviewer_id=interviewer_id,
            )
            for interviewer_id, score in recommendations
        ]
    return rows


def _test_signals(employee: Employee, application: Application) -> list[HireSignal]:
    test = (
        SkillsTest.objects.filter(application=application, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    if test is None:
        return []
    rows = []
    if test.accuracy is not None:
        rows.append(
            HireSignal(
                employee=employee,
                kind=HireSignal.Kind.TEST,
                name=TEST_ACCURACY_NAME,
                value=test.accuracy,
            )
        )
    if test.records_per_hour is not None:
        rows.append(
            HireSignal(
                employee=employee,
                kind=HireSignal.Kind.TEST,
                name=TEST_SPEED_NAME,
                value=test.records_per_hour,
            )
        )
    return rows


@transaction.atomic
def hire_signals_record(*, employee: Employee, application: Application) -> int:
    """Copy the application's interview and test signals to the new employee; idempotent.

    A second call (the hire signal sent twice, a re-run) replaces the rows with the same ones.
    Returns how many rows were written.
    """
    rows = _scorecard_signals(employee, application) + _test_signals(employee, application)
    HireSignal.objects.filter(employee=employee).delete()
    HireSignal.objects.bulk_create(rows)
    return len(rows)
