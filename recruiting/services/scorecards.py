"""Scorecards: an interviewer's ratings of one interview, saved, submitted and amended."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from recruiting.models.interviews import Interview
from recruiting.models.scorecards import (
    Recommendation,
    Scorecard,
    ScorecardCriterion,
    ScorecardRating,
    ScorecardTemplate,
)


class ScorecardRefused(DomainError):
    """The scorecard cannot be written: not yours, already submitted, or evidence missing."""


@dataclass(frozen=True)
class RatingInput:
    criterion_id: int
    rating: int | None  # None = not assessed
    note: str = ""


def evidence_errors(ratings: list[RatingInput], criteria: dict[int, ScorecardCriterion]) -> dict:
    """The evidence rule: a 1 or a 4 needs a written note. Returns {criterion_id: message}."""
    errors = {}
    for item in ratings:
        if item.rating is not None and not 1 <= item.rating <= 4:
            errors[item.criterion_id] = "Rate from 1 to 4, or mark it not assessed."
        elif item.rating in (1, 4) and not item.note.strip():
            name = criteria[item.criterion_id].name if item.criterion_id in criteria else ""
            errors[item.criterion_id] = f"A {item.rating} on {name} needs a note as evidence."
    return errors


def _criteria_for(interview: Interview) -> dict[int, ScorecardCriterion]:
    template = ScorecardTemplate.for_requisition(interview.application.requisition)
    if template is None:
        return {}
    return {criterion.pk: criterion for criterion in template.criteria.all()}


def _write_ratings(scorecard: Scorecard, ratings: list[RatingInput], criteria) -> None:
    ScorecardRating.objects.filter(scorecard=scorecard).delete()
    ScorecardRating.objects.bulk_create(
        [
            ScorecardRating(
                scorecard=scorecard,
                criterion_id=item.criterion_id,
                rating=item.rating,
                note=item.note.strip(),
            )
            for item in ratings
            if item.criterion_id in criteria
        ]
    )


@transaction.atomic
def scorecard_save(
    *,
    interview: Interview,
    interviewer,
    ratings: list[RatingInput],
    recommendation: str = "",
    summary: str = "",
    submit: bool = False,
) -> Scorecard:
    """Save the interviewer's draft scorecard, or submit it.

    Only an interviewer of the interview may write; a submitted scorecard is read-only (change
    it with scorecard_amend); nobody submits before the interview has started. Submitting
    needs a recommendation and obeys the evidence rule (a 1 or a 4 needs a note); a refusal
    writes nothing.
    """
    interview = (
        Interview.objects.select_for_update()
        .select_related("application__requisition")
        .get(pk=interview.pk)
    )
    if interview.cancelled_at or not interview.interviewers.filter(pk=interviewer.pk).exists():
        raise ScorecardRefused("Only the interview's interviewers can score it.")
    criteria = _criteria_for(interview)
    errors = evidence_errors(ratings, criteria)
    if errors:
        raise ScorecardRefused(" ".join(errors.values()))
    if recommendation and recommendation not in Recommendation.values:
        raise ScorecardRefused("Choose a recommendation.")
    if submit and not recommendation:
        raise ScorecardRefused("Choose an overall recommendation before submitting.")
    if submit and interview.starts_at > timezone.now():
        starts = timezone.localtime(interview.starts_at).strftime("%-d %b %Y %H:%M")
        raise ScorecardRefused(
            f"The interview starts {starts}: you can submit the scorecard once it has started. "
            "Save a draft until then."
        )
    scorecard = (
        Scorecard.objects.select_for_update(of=("self",))
        .filter(interview=interview, interviewer=interviewer, superseded_by__isnull=True)
        .first()
    )
    if scorecard is not None and scorecard.is_submitted:
        raise ScorecardRefused("This scorecard was submitted and is read-only; amend it instead.")
    if scorecard is None:
        scorecard = Scorecard(
            interview=interview, application=interview.application, interviewer=interviewer
        )
    scorecard.recommendation = recommendation
    scorecard.summary = summary.strip()
    scorecard.submitted_at = timezone.now() if submit else None
    scorecard.save()
    _write_ratings(scorecard, ratings, criteria)
    return scorecard


@transaction.atomic
def scorecard_amend(
    *,
    scorecard: Scorecard,
    interviewer,
    ratings: list[RatingInput],
    recommendation: str,
    summary: str = "",
    reason: str,
) -> Scorecard:
    """Replace a submitted scorecard with a new submitted one; the original stays unchanged
    and points at its amendment. Needs a reason, and obeys the same rules as submitting."""
    original = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if original.interviewer_id != interviewer.pk:
        raise ScorecardRefused("Only the author can amend a scorecard.")
    if not original.is_submitted or Scorecard.objects.filter(amends=original).exists():
        raise ScorecardRefused("Only the current submitted scorecard can be amended.")
    if not reason.strip():
        raise ScorecardRefused("Say why you amend the scorecard.")
    if recommendation not in Recommendation.values:
        raise ScorecardRefused("Choose an overall recommendation.")
    criteria = _criteria_for(original.interview)
    errors = evidence_errors(ratings, criteria)
    if errors:
        raise ScorecardRefused(" ".join(errors.values()))
    amendment = Scorecard.objects.create(
        interview=original.interview,
        application_id=original.application_id,
        interviewer=interviewer,
        recommendation=recommendation,
        summary=summary.strip(),
        submitted_at=timezone.now(),
        amends=original,
        amendment_reason=reason.strip(),
    )
    _write_ratings(amendment, ratings, criteria)
    return amendment
