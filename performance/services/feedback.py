"""Feedback and praise, 1:1 notes, and probation check-ins."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from backoffice.people.models import Employee, User
from performance.models import Feedback, OneOnOneNote, ProbationCheckIn


@transaction.atomic
def feedback_give(
    *, giver: User, recipient: Employee, kind: str, visibility: str, text: str
) -> Feedback:
    """Anyone gives a colleague feedback or praise, for them and their manager or for the
    manager alone."""
    if recipient.user_id == giver.pk:
        raise ValidationError("Feedback is for a colleague, not for yourself.")
    if not text.strip():
        raise ValidationError("Write the feedback.")
    return Feedback.objects.create(
        giver=giver, recipient=recipient, kind=kind, visibility=visibility, text=text.strip()
    )


@transaction.atomic
def one_on_one_note_add(
    *, manager: Employee, report: Employee, by: User, met_on: datetime.date, text: str
) -> OneOnOneNote:
    """A note of a 1:1, written by either of the two and read by nobody else."""
    if report.manager_id != manager.pk or by.pk not in (manager.user_id, report.user_id):
        raise PermissionDenied
    if not text.strip():
        raise ValidationError("Write the note.")
    return OneOnOneNote.objects.create(
        manager=manager, report=report, author=by, met_on=met_on, text=text.strip()
    )


@transaction.atomic
def probation_check_ins_create(*, employee: Employee) -> int:
    """30-, 60- and 90-day check-ins from the start date, for the manager; once per employee."""
    created = 0
    for day in ProbationCheckIn.DAYS:
        _, was_created = ProbationCheckIn.objects.get_or_create(
            employee=employee,
            day=day,
            defaults={
                "manager_id": employee.manager_id,
                "due_date": employee.start_date + datetime.timedelta(days=day),
            },
        )
        created += was_created
    return created


@transaction.atomic
def probation_check_in_complete(
    *, check_in: ProbationCheckIn, by: User, notes: str
) -> ProbationCheckIn:
    """The manager records the conversation; a check-in is completed once."""
    check_in = (
        ProbationCheckIn.objects.select_for_update(of=("self",))
        .select_related("manager")
        .get(pk=check_in.pk)
    )
    if check_in.manager is None or check_in.manager.user_id != by.pk:
        raise PermissionDenied
    if check_in.completed_at is not None:
        raise ValidationError("This check-in is already completed.")
    if not notes.strip():
        raise ValidationError("Write a few words about the conversation.")
    check_in.notes, check_in.completed_at = notes.strip(), timezone.now()
    check_in.save(update_fields=["notes", "completed_at"])
    return check_in
