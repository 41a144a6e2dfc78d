"""Scorecard services: evidence notes, independence, amendments, the template's criteria."""

import pytest

from recruiting.models import (
    Requisition,
    Scorecard,
    ScorecardRating,
)
from recruiting.services import scorecards as scorecard_services
from recruiting.services.scorecards import RatingInput

pytestmark = pytest.mark.django_db


def test_a_one_or_a_four_needs_a_note(interview, interviewer, scorecard_template, ratings):
    items = ratings(scorecard_template, value=4)
    with pytest.raises(scorecard_services.ScorecardRefused, match="needs a note"):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=interviewer,
            ratings=items,
            recommendation="yes",
            submit=True,
        )
    assert not Scorecard.objects.exists()
    card = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template, value=4, note="Typed 60 records with no error."),
        recommendation="strong_yes",
        submit=True,
    )
    assert card.is_submitted
    assert card.ratings.count() == 4


def test_two_and_three_and_not_assessed_need_no_note(interview, interviewer, scorecard_template):
    criteria = list(scorecard_template.criteria.all())
    items = [RatingInput(criteria[0].pk, 2), RatingInput(criteria[1].pk, 3)]
    items += [RatingInput(c.pk, None) for c in criteria[2:]]
    card = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=items,
        recommendation="no",
        submit=True,
    )
    assert card.ratings.filter(rating__isnull=True).count() == 2


def test_submitted_scorecard_is_read_only_and_an_amendment_keeps_the_original(
    interview, interviewer, scorecard_template, ratings
):
    original = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template),
        recommendation="yes",
        submit=True,
    )
    with pytest.raises(scorecard_services.ScorecardRefused, match="read-only"):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=interviewer,
            ratings=ratings(scorecard_template, 2),
            recommendation="no",
            submit=True,
        )
    amended = scorecard_services.scorecard_amend(
        scorecard=original,
        interviewer=interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
        reason="Mixed up two candidates' notes.",
    )
    original.refresh_from_db()
    assert original.recommendation == "yes"
    assert set(original.ratings.values_list("rating", flat=True)) == {3}
    assert amended.amends == original
    assert list(Scorecard.objects.current()) == [amended]
    with pytest.raises(scorecard_services.ScorecardRefused):
        scorecard_services.scorecard_amend(
            scorecard=original,
            interviewer=interviewer,
            ratings=ratings(scorecard_template),
            recommendation="yes",
            reason="again",
        )


def test_only_the_interviews_interviewers_can_score(
    interview, hiring_manager, scorecard_template, ratings
):
    with pytest.raises(scorecard_services.ScorecardRefused):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=hiring_manager,
            ratings=ratings(scorecard_template),
            recommendation="yes",
            submit=True,
        )
    assert not Scorecard.objects.exists()


def test_independence_others_hidden_until_own_submitted(
    interview, interviewer, second_interviewer, hiring_manager, hr_user, scorecard_template, ratings
):
    first = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template),
        recommendation="yes",
        submit=True,
    )
    assert list(Scorecard.objects.visible_to(second_interviewer)) == []
    draft = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
    )
    # A draft is not enough.
    assert list(Scorecard.objects.visible_to(second_interviewer)) == [draft]
    # HR and the hiring manager see every scorecard; the first interviewer does not see drafts.
    assert set(Scorecard.objects.visible_to(hr_user)) == {first, draft}
    assert set(Scorecard.objects.visible_to(hiring_manager)) == {first, draft}
    assert list(Scorecard.objects.visible_to(interviewer)) == [first]
    second = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
        submit=True,
    )
    assert set(Scorecard.objects.visible_to(second_interviewer)) == {first, second}


def test_ratings_reference_only_the_template_criteria(interview, interviewer, scorecard_template):
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="yes",
        submit=True,
        ratings=[RatingInput(999999, 3)],
    )
    assert not ScorecardRating.objects.exists()


def test_a_requisition_can_choose_its_own_template(requisition, scorecard_template):
    from recruiting.models import ScorecardTemplate
    from tests.factories.recruiting import ScorecardTemplateFactory

    assert ScorecardTemplate.for_requisition(requisition) == scorecard_template
    chosen = ScorecardTemplateFactory(role_family=None, name="Chosen")
    Requisition.objects.filter(pk=requisition.pk).update(scorecard_template=chosen)
    requisition.refresh_from_db()
    assert ScorecardTemplate.for_requisition(requisition) == chosen
