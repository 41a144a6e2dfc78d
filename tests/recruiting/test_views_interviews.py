"""Interview pages: scheduling, changing (updates sent), the panel awaiting my scorecard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Interview
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db


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


def test_home_panel_lists_interviews_awaiting_my_scorecard(
    client_for, interview, interviewer, second_interviewer, scorecard_template
):
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    post_scorecard(client_for(interviewer), interview, scorecard_template)
    assert "Scorecards to submit" not in client_for(interviewer).get("/").content.decode()
    html = client_for(second_interviewer).get("/").content.decode()
    assert "Scorecards to submit" in html
    assert reverse("recruiting:scorecard_edit", args=[interview.pk]) in html


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
        interview.application.candidate.email,  # the candidate's own update
        *interview.application.interviewer_assignments.exclude(user=interviewer).values_list(
            "user__email", flat=True
        ),
    }
