"""Structured hiring pages: scorecard form, independence on the page, the offer confirmation,
the public data-entry test, offers through the page, and constant query counts."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backoffice.people.models import Employee
from recruiting.models import Application, Interview, Offer, Scorecard, SkillsTest
from recruiting.services import scorecards as scorecard_services
from recruiting.services import skills_test as test_services
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _post_scorecard(client, interview, template, *, value="3", note="", action="submit"):
    data = {"recommendation": "yes", "summary": "Fine.", "action": action}
    for criterion in template.criteria.all():
        data[f"rating_{criterion.pk}"] = value
        data[f"note_{criterion.pk}"] = note
    return client.post(reverse("recruiting:scorecard_edit", args=[interview.pk]), data)


def test_scorecard_evidence_rule_in_the_page(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    response = _post_scorecard(client, interview, scorecard_template, value="1")
    assert response.status_code == 400
    assert "needs a note as evidence" in response.content.decode()
    assert not Scorecard.objects.exists()
    response = _post_scorecard(client, interview, scorecard_template, value="1", note="Typos.")
    assert response.status_code == 302
    assert Scorecard.objects.get().is_submitted


def test_submitted_scorecard_cannot_be_posted_again(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    _post_scorecard(client, interview, scorecard_template)
    response = _post_scorecard(client, interview, scorecard_template, value="2")
    assert response.status_code == 302
    assert set(Scorecard.objects.get().ratings.values_list("rating", flat=True)) == {3}


def test_second_interviewer_sees_the_first_scorecard_only_after_submitting(
    client_for, interview, interviewer, second_interviewer, scorecard_template
):
    _post_scorecard(client_for(interviewer), interview, scorecard_template, value="2")
    client = client_for(second_interviewer)
    page = client.get(reverse("recruiting:application_detail", args=[interview.application_id]))
    html = page.content.decode()
    assert 'data-testid="others-hidden"' in html
    assert str(interviewer) not in html.split('id="scorecards-heading"')[1].split("</section>")[0]
    _post_scorecard(client, interview, scorecard_template, value="3")
    page = client.get(reverse("recruiting:application_detail", args=[interview.application_id]))
    section = page.content.decode().split('id="scorecards-heading"')[1].split("</section>")[0]
    assert str(interviewer) in section
    assert str(second_interviewer) in section


def test_moving_to_offer_asks_for_confirmation_when_unbalanced(
    client_for, interview, interviewer, hiring_manager, scorecard_template
):
    skills_only = {"recommendation": "yes", "action": "submit"}
    for criterion in scorecard_template.criteria.all():
        skills_only[f"rating_{criterion.pk}"] = "3" if criterion.section == "skills" else ""
    client_for(interviewer).post(
        reverse("recruiting:scorecard_edit", args=[interview.pk]), skills_only
    )
    client = client_for(hiring_manager)
    url = reverse("recruiting:application_move", args=[interview.application_id])
    move = {"to_stage": "offer", "expected_stage": "interview", "next": "application"}
    response = client.post(url, move)
    assert response.status_code == 200
    assert "Nobody has assessed culture fit" in response.content.decode()
    application = Application.objects.get(pk=interview.application_id)
    assert application.stage == Application.Stage.INTERVIEW
    response = client.post(url, move | {"confirmed": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Application.Stage.OFFER


def test_balanced_assessment_moves_without_asking(
    client_for, interview, interviewer, hiring_manager, scorecard_template
):
    _post_scorecard(client_for(interviewer), interview, scorecard_template)
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[interview.application_id]),
        {"to_stage": "offer", "expected_stage": "interview"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=interview.application_id).stage == Application.Stage.OFFER


def test_schedule_interview_through_the_page(client_for, application, hiring_manager, interviewer):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client_for(hiring_manager).post(
        reverse("recruiting:interview_schedule", args=[application.pk]),
        {
            "kind": "interview",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "location": "",
            "video_link": "",
            "interviewers": [interviewer.pk],
        },
    )
    assert response.status_code == 400
    assert "location or a video link" in response.content.decode()
    assert not Interview.objects.exists()


# --- The public data-entry test ------------------------------------------------------------------


def test_candidate_takes_the_test_once(client, application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    url = reverse("recruiting:skills_test_take", args=[test_services.token_for(test)])
    assert "Start the test" in client.get(url).content.decode()
    assert client.post(url, {"action": "start"}).status_code == 302
    page = client.get(url).content.decode()
    assert test.records[0]["reference"] in page
    answers = {"action": "submit"}
    for index, record in enumerate(test.records):
        for field, _label in test_services.FIELDS[record["kind"]]:
            answers[f"r{index}_{field}"] = record[field]
    # Client timing is ignored: a posted "started" field changes nothing.
    assert client.post(url, answers | {"started_at": "2000-01-01"}).status_code == 302
    test.refresh_from_db()
    assert test.accuracy == 100.0
    replay = client.post(url, answers)
    assert replay.status_code == 410
    assert "already been submitted" in replay.content.decode()


def test_expired_link_is_refused(client, application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    url = reverse("recruiting:skills_test_take", args=[test_services.token_for(test)])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(url, {"action": "start"})
    assert response.status_code == 410
    test.refresh_from_db()
    assert test.started_at is None


def test_result_hides_the_name_from_graders_until_they_scored(
    client_for, interview, interviewer, hr_user, scorecard_template
):
    application = interview.application
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    test_services.skills_test_start(token=token)
    test_services.skills_test_submit(token=token, answers=[dict(r) for r in test.records])
    url = reverse("recruiting:skills_test_result", args=[test.pk])
    client = client_for(interviewer)
    html = client.get(url).content.decode()
    assert application.candidate.name not in html
    assert test.code in html
    _post_scorecard(client, interview, scorecard_template)
    assert application.candidate.name in client.get(url).content.decode()
    assert application.candidate.name in client_for(hr_user).get(url).content.decode()


# --- Offers through the page --------------------------------------------------------------------


def test_offer_draft_approve_send_accept_through_the_page(
    client_for, requisition, hiring_manager, hr_user, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(requisition=requisition, stage=Application.Stage.OFFER)
    start = timezone.localdate() + datetime.timedelta(days=20)
    manager = client_for(hiring_manager)
    response = manager.post(
        reverse("recruiting:offer_create", args=[application.pk]),
        {
            "salary": "41000",
            "start_date": start.isoformat(),
            "employment_type": "full_time",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    url = reverse("recruiting:offer_transition", args=[offer.pk])
    assert manager.post(url, {"to_status": "approved"}).status_code == 403
    hr = client_for(hr_user)
    hr.post(url, {"to_status": "approved"})
    hr.post(url, {"to_status": "sent"})
    letter = hr.get(reverse("recruiting:offer_letter", args=[offer.pk])).content.decode()
    assert "41,000" in letter or "41000" in letter
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(url, {"to_status": "accepted"})
    employee = Employee.objects.get(user__email=application.candidate.email)
    assert employee.start_date == start


# --- Query counts ---------------------------------------------------------------------------------


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
        interview = InterviewFactory(application=application, interviewers=panel)
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


def test_board_drop_on_offer_is_refused_with_the_reason_when_unbalanced(
    client_for, interview, hiring_manager
):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[interview.application_id]),
        {"to_stage": "offer", "expected_stage": "interview"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Nobody has assessed culture fit" in response.content.decode()
    assert Application.objects.get(pk=interview.application_id).stage == "interview"


def test_amending_through_the_page_keeps_the_original(
    client_for, interview, interviewer, scorecard_template
):
    client = client_for(interviewer)
    _post_scorecard(client, interview, scorecard_template)
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


def test_home_panel_lists_interviews_awaiting_my_scorecard(
    client_for, interview, interviewer, second_interviewer, scorecard_template
):
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    _post_scorecard(client_for(interviewer), interview, scorecard_template)
    assert "Scorecards to submit" not in client_for(interviewer).get("/").content.decode()
    html = client_for(second_interviewer).get("/").content.decode()
    assert "Scorecards to submit" in html
    assert reverse("recruiting:scorecard_edit", args=[interview.pk]) in html


def test_ranking_lists_the_best_scored_first(
    client_for, interview, interviewer, hiring_manager, requisition, scorecard_template
):
    unscored = ApplicationFactory(requisition=requisition, candidate__name="Zed Unscored")
    _post_scorecard(client_for(interviewer), interview, scorecard_template)
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:requisition_ranking", args=[requisition.pk]))
        .content.decode()
    )
    assert html.index(interview.application.candidate.name) < html.index(unscored.candidate.name)


def test_calibration_page_shows_interviewers(
    client_for, interview, interviewer, hr_user, scorecard_template
):
    _post_scorecard(client_for(interviewer), interview, scorecard_template)
    html = client_for(hr_user).get(reverse("recruiting:calibration")).content.decode()
    assert str(interviewer) in html
    assert "No panel to compare" in html


def test_changing_an_interview_through_the_page_sends_updates(
    client_for, interview, hiring_manager, interviewer, django_capture_on_commit_callbacks
):
    from django.core import mail

    starts = timezone.localtime(interview.starts_at) + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hiring_manager).post(
            reverse("recruiting:interview_edit", args=[interview.pk]),
            {
                "kind": "interview",
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": "30",
                "location": "Room 9",
                "video_link": "",
                "interviewers": [interviewer.pk],
            },
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.sequence == 1
    assert interview.location == "Room 9"
    assert {m.to[0] for m in mail.outbox} == {
        interviewer.email,
        *interview.application.interviewer_assignments.exclude(user=interviewer).values_list(
            "user__email", flat=True
        ),
    }


def test_no_second_offer_button_while_an_offer_is_live(client_for, requisition, hiring_manager):
    from tests.factories.recruiting import OfferFactory

    offer = OfferFactory(application__requisition=requisition)
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:application_detail", args=[offer.application_id]))
        .content.decode()
    )
    assert 'data-testid="offer"' in html
    assert reverse("recruiting:offer_create", args=[offer.application_id]) not in html
