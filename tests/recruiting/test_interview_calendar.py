"""Interview .ics files (the icalendar library) and their emails through the outbox."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from backoffice.notifications.models import OutboxMessage
from recruiting.services import interviews as interview_services
from recruiting.services.interviews import interview_ics
from tests.recruiting.helpers import linked_application

pytestmark = pytest.mark.django_db


def _event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_ics_parses_with_its_organizer_and_attendees(interview, interviewer):
    calendar, event = _event(interview_ics(interview, method="request", attendees=[interviewer]))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{interview.uid}@backoffice"
    assert event["SEQUENCE"] == 0
    # Whole seconds in UTC, as calendars store them.
    assert event.decoded("DTSTART") == interview.starts_at.replace(microsecond=0)
    assert str(event["ORGANIZER"]).startswith("mailto:")
    [attendee] = (
        [event["ATTENDEE"]] if not isinstance(event["ATTENDEE"], list) else event["ATTENDEE"]
    )
    assert str(attendee) == f"mailto:{interviewer.email}"
    assert attendee.params["CN"] == str(interviewer)
    assert str(event["LOCATION"]) == "Room 1"


def test_a_carriage_return_in_a_location_cannot_add_a_property(interview, interviewer):
    interview.location = "Room 1\rATTENDEE:mailto:spy@evil.example\r\nX-EVIL:1\nORGANIZER:x"
    interview.application.candidate.name = "Ann\rX-NAME-EVIL:1"
    ics = interview_ics(interview, method="request", attendees=[interviewer])
    for line in ics.split(b"\r\n"):
        assert b"\r" not in line
        assert b"\n" not in line
        assert not line.startswith((b"X-EVIL", b"X-NAME-EVIL", b"ATTENDEE:mailto:spy"))
    _calendar, event = _event(ics)
    assert "X-EVIL" not in event
    assert "X-NAME-EVIL" not in event
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [str(a) for a in attendees] == [f"mailto:{interviewer.email}"]
    assert "spy@evil.example" in str(event["LOCATION"])  # kept as text, not as a property
    # Long lines are folded at 75 octets.
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))


def test_updates_and_the_cancellation_keep_the_uid_with_a_rising_sequence(
    application, hr_user, interviewer, second_interviewer, django_capture_on_commit_callbacks
):
    starts = timezone.now() + datetime.timedelta(days=2)
    interview = interview_services.interview_schedule(
        application=application,
        by=hr_user,
        kind="interview",
        starts_at=starts,
        duration_minutes=45,
        interviewers=[interviewer, second_interviewer],
        location="Room 2",
    )
    interview = interview_services.interview_update(
        interview=interview,
        by=hr_user,
        kind="interview",
        starts_at=starts + datetime.timedelta(hours=1),
        duration_minutes=45,
        interviewers=[interviewer],
        location="Room 3",
    )
    interview_services.interview_cancel(interview=interview, by=hr_user)
    rows = {row.key: row for row in OutboxMessage.objects.filter(key__contains=str(interview.pk))}
    pk = interview.pk
    assert set(rows) == {
        f"recruiting.interview_invitation:{pk}:0:{interviewer.pk}",
        f"recruiting.interview_invitation:{pk}:0:{second_interviewer.pk}",
        f"recruiting.interview_invitation:{pk}:0:candidate",
        f"recruiting.interview_invitation:{pk}:1:{interviewer.pk}",
        f"recruiting.interview_cancellation:{pk}:1:{second_interviewer.pk}",
        f"recruiting.interview_invitation:{pk}:1:candidate",
        f"recruiting.interview_cancellation:{pk}:2:{interviewer.pk}",
        f"recruiting.interview_cancellation:{pk}:2:candidate",
    }
    seen = []
    for key in (
        f"recruiting.interview_invitation:{pk}:0:{interviewer.pk}",
        f"recruiting.interview_invitation:{pk}:1:{interviewer.pk}",
        f"recruiting.interview_cancellation:{pk}:2:{interviewer.pk}",
    ):
        [attachment] = rows[key].attachments
        calendar, event = _event(base64.b64decode(attachment["content"]))
        seen.append((str(event["UID"]), int(event["SEQUENCE"]), str(calendar["METHOD"])))
    assert seen == [
        (f"{interview.uid}@backoffice", 0, "REQUEST"),
        (f"{interview.uid}@backoffice", 1, "REQUEST"),
        (f"{interview.uid}@backoffice", 2, "CANCEL"),
    ]
    candidate_row = rows[f"recruiting.interview_invitation:{pk}:0:candidate"]
    assert candidate_row.to == [application.candidate.email]
    assert linked_application(candidate_row.body_text) == application
    assert "interview kit" not in candidate_row.body_text.lower()


def test_a_rolled_back_schedule_writes_no_email(application, hr_user, interviewer):
    @transaction.atomic
    def schedule_then_fail():
        interview_services.interview_schedule(
            application=application,
            by=hr_user,
            kind="interview",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            duration_minutes=45,
            interviewers=[interviewer],
            location="Room 2",
        )
        raise RuntimeError("the change fails after the email was written")

    with pytest.raises(RuntimeError):
        schedule_then_fail()
    assert not OutboxMessage.objects.exists()
