"""Interview services: invitations with an ICS, updates and cancellation, what a schedule needs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recruiting.models import (
    Application,
    Interview,
)
from recruiting.services import interviews as interview_services

pytestmark = pytest.mark.django_db


def test_schedule_invites_each_interviewer_with_an_ics(
    application, hiring_manager, interviewer, second_interviewer, django_capture_on_commit_callbacks
):
    starts = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_services.interview_schedule(
            application=application,
            by=hiring_manager,
            kind=Interview.Kind.PANEL,
            starts_at=starts,
            duration_minutes=60,
            interviewers=[interviewer, second_interviewer],
            location="Room 4",
        )
    # Each interviewer, and the candidate (their own copy, without the interview kit).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [interviewer.email, second_interviewer.email, application.candidate.email]
    )
    panel = next(m for m in mail.outbox if m.to == [interviewer.email])
    name, content, mimetype = panel.attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    assert name == "invite.ics"
    assert "method=REQUEST" in mimetype
    assert f"UID:{interview.uid}@backoffice" in text
    assert "SEQUENCE:0" in text
    assert "METHOD:REQUEST" in text
    # Scheduling lets the interviewers see the application.
    assert Application.objects.visible_to(second_interviewer).filter(pk=application.pk).exists()


def test_update_and_cancel_keep_the_uid_and_raise_the_sequence(
    interview, hiring_manager, interviewer, second_interviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_update(
            interview=interview,
            by=hiring_manager,
            kind=interview.kind,
            starts_at=interview.starts_at + datetime.timedelta(hours=1),
            duration_minutes=30,
            interviewers=[interviewer],
            location="Room 5",
        )
    bodies = {m.to[0]: m.attachments[0][1] for m in mail.outbox}
    assert "METHOD:REQUEST" in bodies[interviewer.email]
    assert "SEQUENCE:1" in bodies[interviewer.email]
    assert "METHOD:CANCEL" in bodies[second_interviewer.email]  # removed from the panel
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_cancel(interview=interview, by=hiring_manager)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [interviewer.email, interview.application.candidate.email]
    )
    message = next(m for m in mail.outbox if m.to == [interviewer.email])
    body = message.attachments[0][1]
    assert f"UID:{interview.uid}@backoffice" in body
    assert "SEQUENCE:2" in body
    assert "STATUS:CANCELLED" in body


def test_schedule_needs_a_place_and_an_interviewer(application, hiring_manager, interviewer):
    with pytest.raises(interview_services.InterviewRefused):
        interview_services.interview_schedule(
            application=application,
            by=hiring_manager,
            kind="interview",
            starts_at=timezone.now(),
            duration_minutes=30,
            interviewers=[interviewer],
        )
    assert not Interview.objects.exists()
