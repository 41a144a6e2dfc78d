"""Independent scoring everywhere: until an interviewer has submitted their own scorecard for an
application, nothing derived from colleagues' scorecards reaches them, on any page, fragment,
export or count; HR and the requisition's hiring manager see everything."""

import pytest
from django.urls import reverse

from recruiting.selectors import scorecards as scorecard_selectors
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db

# What a colleague's submitted scorecard (every criterion rated 4, "Strong yes", a 1-vs-4
# disagreement once the second card is in) would put on a page.
LEAKS = (
    "COLLEAGUE-EVIDENCE",
    'data-testid="card-score"',
    "1 scorecard",
    "Strong yes 1",
    "Disagreement",
    ">4.0<",
)


def _pages(interview, requisition):
    application = interview.application_id
    return {
        "home": reverse("home"),
        "landing": reverse("recruiting:landing"),
        "application": reverse("recruiting:application_detail", args=[application]),
        "kit": reverse("recruiting:interview_kit", args=[interview.pk]),
        "scorecard": reverse("recruiting:scorecard_edit", args=[interview.pk]),
        "candidates": reverse("recruiting:candidate_list"),
        "export": reverse("recruiting:candidate_export"),
        "board": reverse("recruiting:requisition_board", args=[requisition.pk]),
        "ranking": reverse("recruiting:requisition_ranking", args=[requisition.pk]),
        "calibration": reverse("recruiting:calibration"),
    }


def _strong_yes(client, interview, template):
    data = {"recommendation": "strong_yes", "summary": "COLLEAGUE-EVIDENCE", "action": "submit"}
    for criterion in template.criteria.all():
        data[f"rating_{criterion.pk}"] = "4"
        data[f"note_{criterion.pk}"] = "COLLEAGUE-EVIDENCE"
    response = client.post(reverse("recruiting:scorecard_edit", args=[interview.pk]), data)
    assert response.status_code == 302


def test_every_page_hides_colleagues_scores_until_the_interviewer_submits(
    client_for, interview, interviewer, second_interviewer, scorecard_template, requisition
):
    _strong_yes(client_for(interviewer), interview, scorecard_template)
    client = client_for(second_interviewer)
    for name, url in _pages(interview, requisition).items():
        response = client.get(url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        assert response.status_code in (200, 403, 404), name
        for leak in LEAKS:
            assert leak not in body, (name, leak)
    page = client.get(_pages(interview, requisition)["application"]).content.decode()
    assert 'data-testid="others-hidden"' in page
    assert 'data-testid="skills-score">—<' in page

    # Once their own (a 1 against the colleague's 4) is in, the panel's picture appears.
    post_scorecard(client, interview, scorecard_template, value="1", note="My evidence.")
    page = client.get(_pages(interview, requisition)["application"]).content.decode()
    assert "COLLEAGUE-EVIDENCE" in page
    assert "2 scorecards" in page
    assert "Strong yes 1" in page
    assert "Disagreement" in page
    assert 'data-testid="others-hidden"' not in page


def test_hr_and_the_hiring_manager_see_everything(
    client_for, interview, interviewer, scorecard_template, requisition, hr_user, hiring_manager
):
    _strong_yes(client_for(interviewer), interview, scorecard_template)
    for person in (hr_user, hiring_manager):
        client = client_for(person)
        pages = _pages(interview, requisition)
        page = client.get(pages["application"]).content.decode()
        assert "1 scorecard" in page
        assert "Strong yes 1" in page
        assert 'data-testid="card-score"' in client.get(pages["board"]).content.decode()
        ranking = client.get(pages["ranking"]).content.decode()
        assert "<td>4.0</td>" in ranking


def test_the_one_rule_for_lists(
    interview, interviewer, second_interviewer, scorecard_template, hr_user, hiring_manager
):
    _strong_yes_via_service(interview, interviewer, scorecard_template)
    application = interview.application
    hidden = scorecard_selectors.visible_score_summaries(second_interviewer, [application])
    assert hidden[application.pk].hidden
    assert hidden[application.pk].scorecards == 0
    assert hidden[application.pk].skills is None
    assert hidden[application.pk].tally == {}
    for person in (hr_user, hiring_manager, interviewer):
        summary = scorecard_selectors.visible_score_summaries(person, [application])
        assert summary[application.pk].scorecards == 1
    assert scorecard_selectors.calibration(second_interviewer) == []
    ranked = scorecard_selectors.ranking_for(application.requisition, second_interviewer)
    assert all(row.score.overall is None for row in ranked)


def _strong_yes_via_service(interview, interviewer, template):
    from recruiting.services import scorecards as scorecard_services

    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="strong_yes",
        submit=True,
        ratings=[
            scorecard_services.RatingInput(c.pk, 4, "COLLEAGUE-EVIDENCE")
            for c in template.criteria.all()
        ],
    )


def test_a_scorecard_cannot_be_submitted_before_the_interview_starts(
    client_for, interview, interviewer, scorecard_template
):
    import datetime

    from django.utils import timezone

    from recruiting.models import Interview, Scorecard

    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() + datetime.timedelta(hours=3)
    )
    client = client_for(interviewer)
    page = client.get(reverse("recruiting:scorecard_edit", args=[interview.pk])).content.decode()
    assert 'data-testid="not-started"' in page
    response = post_scorecard(client, interview, scorecard_template)
    assert response.status_code == 400
    assert "once it has started" in response.content.decode()
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()
    # A draft is fine.
    assert post_scorecard(client, interview, scorecard_template, action="save").status_code == 302


def test_anchor_descriptions_are_never_cut(client_for, interview, interviewer, scorecard_template):
    criterion = scorecard_template.criteria.first()
    criterion.anchor_4 = "A long description " * 10 + "THE-END"
    criterion.save()
    page = client_for(interviewer).get(reverse("recruiting:scorecard_edit", args=[interview.pk]))
    assert "THE-END" in page.content.decode()
