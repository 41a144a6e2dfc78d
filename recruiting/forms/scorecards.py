"""Scorecard input: ratings per criterion and the recommendation."""

from __future__ import annotations

from recruiting.models.scorecards import Recommendation, ScorecardCriterion
from recruiting.services.scorecards import RatingInput


def scorecard_inputs(post, criteria: list[ScorecardCriterion]) -> tuple[list[RatingInput], dict]:
    """Parse rating_<id> (1-4, or empty = not assessed) and note_<id> for each criterion."""
    ratings, errors = [], {}
    for criterion in criteria:
        raw = (post.get(f"rating_{criterion.pk}") or "").strip()
        note = (post.get(f"note_{criterion.pk}") or "")[:4000]
        rating = None
        if raw:
            if raw not in {"1", "2", "3", "4"}:
                errors[criterion.pk] = "Rate from 1 to 4, or mark it not assessed."
                continue
            rating = int(raw)
        ratings.append(RatingInput(criterion_id=criterion.pk, rating=rating, note=note))
    return ratings, errors


RECOMMENDATION_CHOICES = [("", "Choose…"), *Recommendation.choices]
