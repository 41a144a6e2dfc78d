"""Scorecard pages: evidence rule, independence, amendments, calibration, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Application, Scorecard, SkillsTest
from recruiting.services import scorecards as scorecard_services
from recruiting.services import skills_test as test_services
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import ApplicationFactory, InterviewFactory
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db


def test_scorecard_evidence_rule_in_the_page(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    response = post_scorecard(client, interview, scorecard_template, value="1")
    assert response.status_code == 400
    assert "needs a note as evidence" in response.content.decode()
    assert not Scorecard.objects.exists()
    response = post_scorecard(client, interview, scorecard_template, value="1", note="Typos.")
    assert response.status_code == 302
    assert Scorecard.objects.get().is_submitted


def test_submitted_scorecard_cannot_be_posted_again(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    post_scorecard(client, interview, scorecard_template)
    response = post_scorecard(client, interview, scorecard_template, value="2")
    assert response.status_code == 302
    assert set(Scorecard.objects.get().ratings.values_list("rating", flat=True)) == {3}


def test_second_interviewer_sees_the_first_scorecard_only_after_submitting(
    client_for, interview, interviewer, second_interviewer, scorecard_template
):
    post_scorecard(client_for(interviewer), interview, scorecard_template, value="2")
    client = client_for(second_interviewer)
    page = client.get(reverse("recruiting:application_detail", args=[interview.application_id]))
    html = page.content.decode()
    assert 'data-testid="others-hidden"' in html
    assert str(interviewer) not in html.split('id="scorecards-heading"')[1].split("</section>")[0]
    post_scorecard(client, interview, scorecard_template, value="3")
    page = client.get(reverse("recruiting:application_detail", args=[interview.application_id]))
    section = page.content.decode().split('id="scorecards-heading"')[1].split("</section>")[0]
    assert str(interviewer) in section
    assert str(second_interviewer) in section


def _fill_scorecards(requisition, template, count):
    """`count` interviews on one application, each with two submitted scorecards, plus
    scored applications across the board."""
    panel = [EmployeeFactory(user__roles=["Interviewer"]).user for _ in range(2)]
    target = ApplicationFactory(requisition=requisition, stage=Application.Stage.INTERVIEW)
    for index in range(count):
        application = (
            target
            if index % 2 == 0
            else ApplicationFactory(requisition=requisition, stage=Application.Stage.INTERVIEW)
        )
        interview = InterviewFactory(
            application=application,
            interviewers=panel,
            starts_at=timezone.now() - datetime.timedelta(hours=2),
        )
        for person in panel:
            scorecard_services.scorecard_save(
                interview=interview,
                interviewer=person,
                recommendation="yes",
                submit=True,
                ratings=[scorecard_services.RatingInput(c.pk, 3) for c in template.criteria.all()],
            )
    test = test_services.skills_test_send(application=target, by=requisition.hiring_manager)
    assert SkillsTest.objects.filter(pk=test.pk).exists()
    return target


# Measured with 2 and 20 interviews (4 and 40 scorecards): the same at both sizes.
MAX_QUERIES = {"application": 24, "board": 9}


@pytest.mark.parametrize("size", [2, 20])
def test_query_counts_stay_constant_with_scorecards(
    client_for, hiring_manager, requisition, scorecard_template, size, django_assert_max_num_queries
):
    target = _fill_scorecards(requisition, scorecard_template, size)
    client = client_for(hiring_manager)
    with django_assert_max_num_queries(MAX_QUERIES["application"]):
        response = client.get(reverse("recruiting:application_detail", args=[target.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="scorecard"') == 2 * ((size + 1) // 2)
    with django_assert_max_num_queries(MAX_QUERIES["board"]):
        response = client.get(reverse("recruiting:requisition_board", args=[requisition.pk]))
    assert response.status_code == 200
    assert 'data-testid="card-score"' in response.content.decode()


def test_amending_through_the_page_keeps_the_original(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    post_scorecard(client, interview, scorecard_template)
    original = Scorecard.objects.get()
    url = reverse("recruiting:scorecard_amend", args=[original.pk])
    data = {"recommendation": "no", "reason": ""}
    for criterion in scorecard_template.criteria.all():
        data[f"rating_{criterion.pk}"] = "2"
    assert client.post(url, data).status_code == 400  # a reason is needed
    assert client.post(url, data | {"reason": "Wrong candidate."}).status_code == 302
    original.refresh_from_db()
    assert original.recommendation == "yes"
    assert Scorecard.objects.current().get().amends == original


def test_calibration_page_shows_interviewers(
    client_for, interview, interviewer, hr_user, scorecard_template
):
    post_scorecard(client_for(interviewer), interview, scorecard_template)
    html = client_for(hr_user).get(reverse("recruiting:calibration")).content.decode()
    assert str(interviewer) in html
    assert "No panel to compare" in html
