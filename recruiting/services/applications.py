"""Application writes: submitting, moving between stages, rejecting, notes, attachments, tags."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from recruiting.consent import CONSENT_TEXT
from recruiting.filenames import document_name, kind_for_content_type
from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    Candidate,
    RejectionReason,
    StageEvent,
    Tag,
    resume_upload_to,
)
from recruiting.models.offers import Offer
from recruiting.models.requisitions import Requisition
from recruiting.services.events import application_created_event, stage_changed_event
from recruiting.services.resume_text import resume_text_queue
from recruiting.validators import validate_single_line

# How long a rejection email waits before it goes, so that a slip can be undone.
REJECTION_EMAIL_DELAY = datetime.timedelta(minutes=15)


class DuplicateApplication(DomainError):
    """This email address has already applied to this requisition."""

    def __init__(self, message: str = "", *args, **kwargs) -> None:
        super().__init__(message or DUPLICATE_MESSAGE, *args, **kwargs)


DUPLICATE_MESSAGE = (
    "You have already applied for this job with this email address — thank you! We will be in "
    "touch; there is no need to apply again."
)


class RequisitionNotOpen(DomainError):
    """Applications are accepted only while the requisition is open."""


class StageMoveRefused(DomainError):
    """The move is not allowed, or someone else moved the card first."""


class HireNeedsAcceptedOffer(StageMoveRefused):
    """A move to hired without an accepted offer: only accepting the offer hires."""


class InvalidCandidateName(DomainError):
    """A name is one line of plain text (it goes into email subjects)."""


@dataclass(frozen=True)
class ResumeUpload:
    file: UploadedFile
    filename: str
    content_type: str


def _named_after_its_type(upload: ResumeUpload) -> ResumeUpload:
    """The name kept and served ends in the extension of the type the content was found to be."""
    kind = kind_for_content_type(upload.content_type)
    return replace(upload, filename=document_name(upload.filename, kind))


def _candidate_for_email(
    *,
    email: str,
    name: str,
    phone: str,
    source: str,
    skills: str,
    location: str,
    link: str,
    now: datetime.datetime,
) -> Candidate:
    """The candidate with this address, created from these details if there is none.

    An existing candidate's profile is never changed here: anyone can type any address into
    the careers form. What was typed is kept on the application (submitted_details) for a
    recruiter to compare and merge.
    """
    email = email.strip().lower()
    candidate = Candidate.objects.select_for_update().filter(email=email).first()
    if candidate is not None:
        return candidate
    try:
        with transaction.atomic():
            return Candidate.objects.create(
                name=name,
                email=email,
                phone=phone,
                location=location,
                links=link,
                source=source,
                skills=skills,
                consent_at=now,
            )
    except IntegrityError:
        # Someone with the same address applied at the same moment: use their record.
        return Candidate.objects.select_for_update().get(email=email)


@transaction.atomic
def _application_create(
    *,
    requisition: Requisition,
    name: str,
    email: str,
    phone: str,
    cover_letter: str,
    years_experience: int,
    source: str,
    skills: list[str],
    location: str,
    link: str,
    resume: ResumeUpload,
    stored_name: str,
    notify_candidate: bool,
    consent_text: str,
) -> Application:
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if requisition.status != Requisition.Status.OPEN:
        raise RequisitionNotOpen("This job is no longer open for applications.")
    now = timezone.now()
    candidate = _candidate_for_email(
        now=now,
        email=email,
        name=name,
        phone=phone,
        source=source,
        skills="\n".join(skills),
        location=location,
        link=link,
    )
    if Application.objects.filter(requisition=requisition, candidate=candidate).exists():
        raise DuplicateApplication
    application = Application(
        requisition=requisition,
        candidate=candidate,
        owner=requisition.hiring_manager,
        source=source,
        cover_letter=cover_letter,
        years_experience=years_experience,
        resume_filename=resume.filename,
        resume_content_type=resume.content_type,
        submitted_details={
            "name": name,
            "phone": phone,
            "location": location,
            "link": link,
            "skills": list(skills),
        },
        consent_at=now,
        consent_text=consent_text,
    )
    application.resume.name = stored_name
    application.save()
    # Its words are read for the candidate search after commit (a pending row until then).
    resume_text_queue(application=application)
    StageEvent.objects.create(
        application=application,
        from_stage="",
        to_stage=Application.Stage.APPLIED,
        by=None,
        at=application.applied_at,
        note="Applied on the careers page.",
    )
    application_created_event(application=application)
    if notify_candidate:
        from recruiting.services.emails import application_received_email

        application_received_email(application=application)
    return application


def application_submit(
    *,
    requisition: Requisition,
    name: str,
    email: str,
    phone: str = "",
    cover_letter: str = "",
    years_experience: int = 0,
    source: str = "",
    skills: list[str] | tuple[str, ...] = (),
    location: str = "",
    link: str = "",
    resume: ResumeUpload,
    notify_candidate: bool = True,
    consent_text: str = CONSENT_TEXT,
) -> Application:
    """A candidate applies: one Candidate per email (any case), one Application per requisition.

    The same email applying twice to one requisition raises DuplicateApplication and writes
    nothing. The candidate's confirmation email goes to the outbox in the same transaction
    (imports and demo data pass notify_candidate=False). The resume is stored under a random
    name; if anything fails after it was written, the file is removed again so that nothing
    half-saved remains.
    """
    name = name.strip()
    try:
        validate_single_line(name)
    except ValidationError as error:
        raise InvalidCandidateName(error.messages) from error
    resume = _named_after_its_type(resume)
    # The file is written first, under a random name, and removed if the rows are not.
    stored_name = default_storage.save(resume_upload_to(None, resume.filename), resume.file)
    try:
        return _application_create(
            requisition=requisition,
            name=name,
            email=email,
            phone=phone.strip(),
            cover_letter=cover_letter.strip(),
            years_experience=years_experience,
            source=source,
            skills=list(skills),
            location=location.strip(),
            link=link.strip(),
            resume=resume,
            stored_name=stored_name,
            notify_candidate=notify_candidate,
            consent_text=consent_text,
        )
    except IntegrityError as error:
        default_storage.delete(stored_name)
        raise DuplicateApplication from error
    except BaseException:
        default_storage.delete(stored_name)
        raise


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    by,
    note: str = "",
    expected_stage: str | None = None,
    rejection_reason: RejectionReason | None = None,
) -> StageEvent:
    """The only way a stage changes.

    Rejected needs a reason from the HR-editable list; withdrawn may carry one.

    Only an accepted offer hires: a move to hired is refused (HireNeedsAcceptedOffer) unless the
    application has an accepted offer; `offer_transition` records the acceptance first.

    Locks the row, then checks the move against Application.ALLOWED_MOVES. When the caller saw
    the card in `expected_stage` (the board and its forms always say) and another person has
    moved it meanwhile, the move is refused with a message rather than applied on top: of two
    simultaneous moves one wins and the other is told. Writes one StageEvent and the hiring
    manager's notice to the outbox, in the same transaction.
    """
    locked = (
        Application.objects.select_for_update()
        .select_related("requisition", "candidate")
        .get(pk=application.pk)
    )
    from_stage = locked.stage
    if expected_stage is not None and expected_stage != from_stage:
        last = locked.events.select_related("by").last()
        who = f" by {last.by}" if last and last.by else ""
        raise StageMoveRefused(
            f"{locked.candidate} was moved to {locked.get_stage_display()}{who} "
            "while you were looking; nothing was changed. Reload to see the latest."
        )
    if not locked.can_move_to(to_stage):
        raise StageMoveRefused(
            f"{locked.candidate} cannot move from {locked.get_stage_display()} to "
            f"{Application.Stage(to_stage).label if to_stage in Application.Stage else to_stage}."
        )
    if to_stage == Application.Stage.REJECTED and rejection_reason is None:
        raise StageMoveRefused("Choose a rejection reason.")
    if (
        to_stage == Application.Stage.HIRED
        and not Offer.objects.filter(application=locked, status=Offer.Status.ACCEPTED).exists()
    ):
        # Only an accepted offer hires: accepting also creates the account and the employee.
        raise HireNeedsAcceptedOffer(
            "Nothing was moved: a candidate is hired when they accept their offer. "
            "Record that on the application page, under Offers."
        )
    now = timezone.now()
    locked.stage = to_stage
    locked.stage_changed_at = now
    closing = to_stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
    locked.rejection_reason = rejection_reason if closing else None
    locked.save(update_fields=["stage", "stage_changed_at", "rejection_reason"])
    application.stage, application.stage_changed_at = locked.stage, now
    application.rejection_reason = locked.rejection_reason
    event = StageEvent.objects.create(
        application=locked, from_stage=from_stage, to_stage=to_stage, by=by, at=now, note=note
    )
    from recruiting.services.emails import stage_event_notice

    stage_event_notice(event=event)
    stage_changed_event(event=event)
    return event


@transaction.atomic
def application_reject(
    *,
    application: Application,
    by,
    reason: RejectionReason,
    note: str = "",
    send_email: bool = True,
    expected_stage: str | None = None,
) -> StageEvent:
    """Reject with a reason; the reason's email (if it has one) waits REJECTION_EMAIL_DELAY."""
    event = application_move(
        application=application,
        to_stage=Application.Stage.REJECTED,
        by=by,
        note=note,
        expected_stage=expected_stage,
        rejection_reason=reason,
    )
    if send_email and reason.has_email:
        due = event.at + REJECTION_EMAIL_DELAY
        Application.objects.filter(pk=application.pk).update(rejection_email_due_at=due)
        application.rejection_email_due_at = due
    return event


@transaction.atomic
def rejection_email_cancel(*, application: Application, by) -> bool:
    """Stop a rejection email that has not gone yet; True when one was cancelled."""
    cancelled = Application.objects.filter(
        pk=application.pk,
        rejection_email_due_at__isnull=False,
        rejection_email_sent_at__isnull=True,
    ).update(rejection_email_due_at=None)
    if cancelled:
        application.rejection_email_due_at = None
        ApplicationNote.objects.create(
            application=application, author=by, body="Rejection email cancelled before it was sent."
        )
    return bool(cancelled)


@transaction.atomic
def application_note_add(*, application: Application, author, body: str) -> ApplicationNote:
    """A note on an application, stored as typed (shown escaped)."""
    body = body.strip()
    if not body:
        raise ValueError("A note cannot be empty.")
    return ApplicationNote.objects.create(application=application, author=author, body=body)


@transaction.atomic
def application_attachment_add(
    *, application: Application, uploaded_by, upload: ResumeUpload
) -> ApplicationAttachment:
    """Attach a checked document under a random name ending in its type's extension."""
    upload = _named_after_its_type(upload)
    attachment = ApplicationAttachment(
        application=application,
        uploaded_by=uploaded_by,
        filename=upload.filename,
        content_type=upload.content_type,
    )
    attachment.file.save(upload.filename, upload.file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def candidates_tag(*, applications, tag_name: str) -> int:
    """Tag the candidates of `applications` (already access-checked); returns how many."""
    tag_name = tag_name.strip()[:40]
    if not tag_name:
        raise ValueError("A tag needs a name.")
    tag = Tag.objects.filter(name__iexact=tag_name).first() or Tag.objects.create(name=tag_name)
    candidate_ids = {application.candidate_id for application in applications}
    through = Candidate.tags.through
    existing = set(
        through.objects.filter(tag=tag, candidate_id__in=candidate_ids).values_list(
            "candidate_id", flat=True
        )
    )
    through.objects.bulk_create(
        [through(tag=tag, candidate_id=cid) for cid in candidate_ids - existing]
    )
    return len(candidate_ids)


@transaction.atomic
def application_interviewer_assign(*, application: Application, user) -> ApplicationInterviewer:
    """Let an interviewer see this application (interviews themselves come with scorecards)."""
    assignment, _ = ApplicationInterviewer.objects.get_or_create(application=application, user=user)
    return assignment


@dataclass(frozen=True)
class ImportedApplication:
    """One checked row of a candidate import: a new candidate applying at `stage`."""

    requisition: Requisition
    name: str
    email: str
    phone: str
    source: str
    stage: str


# Where an imported card may start: any open stage (hired, rejected and withdrawn need an
# accepted offer or a reason, which a CSV row cannot give).
IMPORTABLE_STAGES = tuple(Application.OPEN_STAGES)


@transaction.atomic
def applications_import(
    *, rows: list[ImportedApplication], by, batch_size: int = 2_000
) -> list[Application]:
    """Create new candidates, each with an application at the stage the row gives.

    The pipeline's rules hold as if each card had been moved from applied by `by`: only open
    stages (a hire needs an accepted offer; a rejection a reason), only open requisitions, and
    never an existing candidate (their profile is not overwritten: the caller reports them).
    Each application gets its StageEvent, by `by`. Bulk statements: the
    queries grow with the batches, not the rows. Returns the applications created.
    """
    if not rows:
        return []
    requisitions = Requisition.objects.select_for_update().in_bulk(
        {row.requisition.pk for row in rows}
    )
    for row in rows:
        if row.stage not in IMPORTABLE_STAGES:
            raise StageMoveRefused(f"{row.email}: an import cannot place a card in {row.stage}.")
        if requisitions[row.requisition.pk].status != Requisition.Status.OPEN:
            raise RequisitionNotOpen(f"{row.requisition} is no longer open for applications.")
    now = timezone.now()
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(name=r.name, email=r.email.lower(), phone=r.phone, source=r.source)
            for r in rows
        ],
        batch_size=batch_size,
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                requisition=requisitions[row.requisition.pk],
                candidate=candidate,
                owner_id=requisitions[row.requisition.pk].hiring_manager_id,
                stage=row.stage,
                stage_changed_at=now,
                applied_at=now,
                source=row.source,
                # Imported cards are not news for the hiring manager's digest.
                manager_notified_at=now,
            )
            for candidate, row in zip(candidates, rows, strict=True)
        ],
        batch_size=batch_size,
    )
    # One event per card, straight to its stage (a card may skip stages: reports count
    # reaching a stage as passing the ones before it).
    note = f"Imported from a CSV file by {by}."
    events = [
        StageEvent(application=a, from_stage="", to_stage=a.stage, by=by, at=now, note=note)
        for a in applications
    ]
    StageEvent.objects.bulk_create(events, batch_size=batch_size)
    return applications
