"""Scorecard reads: weighted scores, disagreement, balance warnings and calibration."""

import pytest

from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.services import scorecards as scorecard_services
from recruiting.services.scorecards import RatingInput

pytestmark = pytest.mark.django_db


def test_weighted_scores_tally_and_disagreement(
    interview, interviewer, second_interviewer, scorecard_template
):
    accuracy, records, communication, teamwork = scorecard_template.criteria.all()
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="strong_yes",
        submit=True,
        ratings=[
            RatingInput(accuracy.pk, 4, "Perfect"),
            RatingInput(records.pk, 2),
            RatingInput(communication.pk, 3),
            RatingInput(teamwork.pk, None),
        ],
    )
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        recommendation="no",
        submit=True,
        ratings=[
            RatingInput(accuracy.pk, 2),
            RatingInput(records.pk, 2),
            RatingInput(communication.pk, 3),
            RatingInput(teamwork.pk, 2),
        ],
    )
    summary = scorecard_selectors.scorecard_summaries([interview.application_id])[
        interview.application_id
    ]
    # skills: accuracy mean 3 (weight 3), records 2 (weight 1) -> 11/4 = 2.75
    assert summary.skills == 2.75
    assert summary.culture == 2.5  # communication 3, teamwork 2
    assert summary.scorecards == 2
    assert summary.tally == {"strong_yes": 1, "no": 1}
    assert summary.disagreements == ["Data-entry accuracy"]


def test_balance_warnings(interview, interviewer, scorecard_template):
    application = interview.application
    warnings = scorecard_selectors.balance_warnings(application)
    assert any("culture fit" in w for w in warnings)
    assert any("Data-entry accuracy" in w for w in warnings)
    skills_only = [
        RatingInput(c.pk, 3 if c.section == "skills" else None)
        for c in scorecard_template.criteria.all()
    ]
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=skills_only,
        recommendation="yes",
        submit=True,
    )
    assert scorecard_selectors.balance_warnings(application) == [
        "Nobody has assessed culture fit and soft skills."
    ]


def test_calibration_compares_each_interviewer_with_the_panel(
    interview, interviewer, second_interviewer, scorecard_template, ratings, hr_user
):
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="yes",
        submit=True,
        ratings=ratings(scorecard_template, 4, "Strong evidence."),
    )
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        recommendation="no",
        submit=True,
        ratings=ratings(scorecard_template, 2),
    )
    rows = {row.interviewer: row for row in scorecard_selectors.calibration(hr_user)}
    assert rows[interviewer].mean == 4
    assert rows[interviewer].panel_mean == 2
    assert rows[interviewer].tendency == "Lenient"
    assert rows[second_interviewer].tendency == "Harsh"
