"""Interviews: scheduling, changes and cancellation, each with a calendar email to the panel
and to the candidate, written to the outbox with the change."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_email
from backoffice.people.roles import Role
from recruiting.models.candidates import Application, ApplicationInterviewer
from recruiting.models.interviews import Interview
from recruiting.services import candidate_links


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
    """Schedule an interview; every interviewer and the candidate get an invitation with an .ics."""
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
    interview_emails(
        interview=interview, user_ids=[user.pk for user in interviewers], method="request"
    )
    interview_candidate_email(interview=interview, method="request")
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
    interview_emails(interview=locked, user_ids=now_ids, method="request")
    if removed:
        interview_emails(interview=locked, user_ids=removed, method="cancel")
    interview_candidate_email(interview=locked, method="request")
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
    interview_emails(interview=locked, user_ids=recipients, method="cancel")
    interview_candidate_email(interview=locked, method="cancel")
    return locked


def _organizer_address() -> str:
    return settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def interview_ics(
    interview: Interview, *, method: str, attendees, for_candidate: bool = False
) -> bytes:
    """An RFC 5545 calendar with one event; METHOD REQUEST (new or changed) or CANCEL.

    Built with the icalendar library: folding and the escaping of every text (including bare
    carriage returns) are its job. The UID never changes; SEQUENCE rises with each change.
    `attendees` are users or (name, email) pairs. The candidate's copy names the job, not
    the candidate, and carries no link to the interview kit.
    """
    application = interview.application
    kind = interview.get_kind_display()
    if for_candidate:
        summary = f"{kind}: {application.requisition.title} ({settings.SITE_NAME})"
        description = f"{kind} for {application.requisition.title}."
    else:
        kit = settings.SITE_URL + reverse("recruiting:interview_kit", args=[interview.pk])
        summary = f"{kind}: {application.candidate} ({application.requisition})"
        description = f"Interview kit: {kit}"
    if interview.video_link:
        description += f"\nVideo: {interview.video_link}"
    calendar = Calendar()
    calendar.add("prodid", "-//Backoffice//Recruiting//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method.upper())
    event = Event()
    event.add("uid", f"{interview.uid}@backoffice")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", interview.starts_at.astimezone(datetime.UTC))
    event.add("dtend", interview.ends_at.astimezone(datetime.UTC))
    event.add("summary", summary)
    event.add("location", interview.location or interview.video_link)
    event.add("description", description)
    event.add("status", "CANCELLED" if method == "cancel" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_organizer_address()}")
    organizer.params["cn"] = vText(_one_line(settings.SITE_NAME))
    event.add("organizer", organizer)
    for attendee in attendees:
        name, email = attendee if isinstance(attendee, tuple) else (str(attendee), attendee.email)
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(_one_line(name))
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical()


def interview_emails(*, interview: Interview, user_ids: list[int], method: str) -> int:
    """Write each interviewer's invitation, update or cancellation (with its .ics) to the
    outbox, in the transaction of the change; the key names the interview, its SEQUENCE and
    the person, so the same change never writes two."""
    from backoffice.people.models import User

    users = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    ics = interview_ics(interview, method=method, attendees=users)
    cancelled = method == "cancel"
    verb = "Cancelled" if cancelled else "Updated" if interview.sequence else "Invitation"
    local_start = timezone.localtime(interview.starts_at)
    change = "interview_cancellation" if cancelled else "interview_invitation"
    for user in users:
        outbox_email(
            key=f"recruiting.{change}:{interview.pk}:{interview.sequence}:{user.pk}",
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


def interview_candidate_email(*, interview: Interview, method: str) -> None:
    """The candidate's own invitation, update or cancellation, with the .ics and their links."""
    application = interview.application
    candidate = application.candidate
    if candidate.anonymised_at is not None or not candidate.email:
        return
    ics = interview_ics(
        interview, method=method, attendees=[(candidate.name, candidate.email)], for_candidate=True
    )
    cancelled = method == "cancel"
    local_start = timezone.localtime(interview.starts_at)
    verb = "Cancelled" if cancelled else "Changed" if interview.sequence else "Invitation"
    change = "interview_cancellation" if cancelled else "interview_invitation"
    outbox_email(
        key=f"recruiting.{change}:{interview.pk}:{interview.sequence}:candidate",
        to=[candidate.email],
        subject=f"{verb}: {interview.get_kind_display().lower()} for "
        f"{application.requisition.title} on {local_start:%d %b %Y %H:%M}",
        template="recruiting_interview_candidate",
        context={
            "interview": interview,
            "candidate": candidate,
            "cancelled": cancelled,
            "local_start": local_start,
            **candidate_links.candidate_email_context(application),
        },
        attachments=[("interview.ics", ics, f"text/calendar; method={method.upper()}")],
    )
