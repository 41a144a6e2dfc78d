"""Interviews: scheduling, changes and cancellation, each with a calendar email to the panel."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.core.errors import DomainError
from backoffice.notifications.services import email_send
from backoffice.people.roles import Role
from recruiting.models.candidates import Application, ApplicationInterviewer
from recruiting.models.interviews import Interview


class InterviewRefused(DomainError):
    """The interview cannot be scheduled or changed like this."""


def _check(*, application: Application, interviewers, starts_at, location, video_link) -> None:
    if not application.is_open:
        raise InterviewRefused("Interviews can only be scheduled for an open application.")
    if not interviewers:
        raise InterviewRefused("Choose at least one interviewer.")
    if not (location or video_link):
        raise InterviewRefused("Give a location or a video link.")
    for user in interviewers:
        if not user.is_active or not user.has_role(Role.INTERVIEWER, Role.HIRING_MANAGER, Role.HR):
            raise InterviewRefused(f"{user} cannot interview.")
    if starts_at is None or timezone.is_naive(starts_at):
        raise InterviewRefused("Give the start as a date and time.")


def _assign(application: Application, interviewers) -> None:
    # Scheduling someone also lets them see the application (what interviewers see).
    for user in interviewers:
        ApplicationInterviewer.objects.get_or_create(application=application, user=user)


@transaction.atomic
def interview_schedule(
    *,
    application: Application,
    by,
    kind: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    interviewers,
    location: str = "",
    video_link: str = "",
) -> Interview:
    """Schedule an interview; every interviewer gets an invitation with an .ics after commit."""
    interviewers = list(interviewers)
    _check(
        application=application,
        interviewers=interviewers,
        starts_at=starts_at,
        location=location,
        video_link=video_link,
    )
    interview = Interview.objects.create(
        application=application,
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_link=video_link.strip(),
        created_by=by,
    )
    interview.interviewers.set(interviewers)
    _assign(application, interviewers)
    recipients = [user.pk for user in interviewers]
    transaction.on_commit(lambda: _queue_invite(interview.pk, recipients, "request"))
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    by,
    kind: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    interviewers,
    location: str = "",
    video_link: str = "",
) -> Interview:
    """Change an interview: same calendar UID, SEQUENCE + 1. Removed interviewers get a
    cancellation, the others an update."""
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    if locked.cancelled_at:
        raise InterviewRefused("This interview was cancelled.")
    interviewers = list(interviewers)
    _check(
        application=locked.application,
        interviewers=interviewers,
        starts_at=starts_at,
        location=location,
        video_link=video_link,
    )
    before = set(locked.interviewers.values_list("pk", flat=True))
    locked.kind, locked.starts_at, locked.duration_minutes = kind, starts_at, duration_minutes
    locked.location, locked.video_link = location.strip(), video_link.strip()
    locked.sequence += 1
    locked.save()
    locked.interviewers.set(interviewers)
    _assign(locked.application, interviewers)
    now_ids = [user.pk for user in interviewers]
    removed = sorted(before - set(now_ids))
    transaction.on_commit(lambda: _queue_invite(locked.pk, now_ids, "request"))
    if removed:
        transaction.on_commit(lambda: _queue_invite(locked.pk, removed, "cancel"))
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, by) -> Interview:
    """Cancel: a cancellation .ics (same UID, SEQUENCE + 1) to every interviewer."""
    locked = Interview.objects.select_for_update().get(pk=interview.pk)
    if locked.cancelled_at:
        return locked
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "sequence"])
    recipients = list(locked.interviewers.values_list("pk", flat=True))
    transaction.on_commit(lambda: _queue_invite(locked.pk, recipients, "cancel"))
    return locked


def _queue_invite(interview_id: int, user_ids: list[int], method: str) -> None:
    from recruiting.tasks import interview_invitation_task

    enqueue(interview_invitation_task, interview_id, user_ids, method)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_time(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def interview_ics(interview: Interview, *, method: str, attendees) -> bytes:
    """An RFC 5545 calendar with one event; METHOD REQUEST (new or changed) or CANCEL."""
    application = interview.application
    summary = f"{interview.get_kind_display()}: {application.candidate} ({application.requisition})"
    where = interview.location or interview.video_link
    kit = settings.SITE_URL + reverse("recruiting:interview_kit", args=[interview.pk])
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Backoffice//Recruiting//EN",
        f"METHOD:{method.upper()}",
        "BEGIN:VEVENT",
        f"UID:{interview.uid}@backoffice",
        f"SEQUENCE:{interview.sequence}",
        f"DTSTAMP:{_ics_time(timezone.now())}",
        f"DTSTART:{_ics_time(interview.starts_at)}",
        f"DTEND:{_ics_time(interview.ends_at)}",
        f"SUMMARY:{_ics_text(summary)}",
        f"LOCATION:{_ics_text(where)}",
        f"DESCRIPTION:{_ics_text('Interview kit: ' + kit)}",
        f"STATUS:{'CANCELLED' if method == 'cancel' else 'CONFIRMED'}",
        f"ORGANIZER:mailto:{settings.DEFAULT_FROM_EMAIL.rsplit('<', 1)[-1].rstrip('>')}",
        *[f"ATTENDEE;CN={_ics_text(str(user))}:mailto:{user.email}" for user in attendees],
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def interview_invitation_send(*, interview_id: int, user_ids: list[int], method: str) -> int:
    """Email each interviewer the invitation (or the cancellation) with its .ics."""
    interview = Interview.objects.select_related(
        "application__candidate", "application__requisition"
    ).get(pk=interview_id)
    from backoffice.people.models import User

    users = list(User.objects.filter(pk__in=user_ids, is_active=True))
    ics = interview_ics(interview, method=method, attendees=users)
    cancelled = method == "cancel"
    verb = "Cancelled" if cancelled else "Updated" if interview.sequence else "Invitation"
    local_start = timezone.localtime(interview.starts_at)
    for user in users:
        email_send(
            to=[user.email],
            subject=f"{verb}: {interview.get_kind_display()} with {interview.application.candidate}"
            f" on {local_start:%d %b %Y %H:%M}",
            template="recruiting_interview",
            context={
                "interview": interview,
                "user": user,
                "cancelled": cancelled,
                "verb": verb,
                "local_start": local_start,
                "kit_path": reverse("recruiting:interview_kit", args=[interview.pk]),
            },
            attachments=[("invite.ics", ics, f"text/calendar; method={method.upper()}")],
        )
    return len(users)
