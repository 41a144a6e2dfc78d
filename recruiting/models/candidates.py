"""Candidates and their applications: the pipeline's stage table, events, notes, files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from backoffice.people.roles import Role
from recruiting.models.access import _is_active_user
from recruiting.models.requisitions import Requisition
from recruiting.validators import validate_single_line

DOCUMENT_EXTENSIONS = frozenset({"pdf", "docx", "odt", "txt"})


class Tag(models.Model):
    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CandidateQuerySet(models.QuerySet):
    def visible_to(self, user) -> CandidateQuerySet:
        """A candidate is visible to whoever sees one of their applications."""
        if not _is_active_user(user):
            return self.none()
        if user.is_hr:
            return self
        return self.filter(
            pk__in=Application.objects.visible_to(user).values("candidate_id")
        ).distinct()


class Candidate(models.Model):
    """A person who applied; one record per email address, whatever its case."""

    name = models.CharField(max_length=150, validators=[validate_single_line])
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    location = models.CharField(max_length=100, blank=True)
    links = models.TextField(blank=True, help_text="One address per line.")
    skills = models.TextField(blank=True, help_text="Skills the candidate named, one per line.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="candidates")
    source = models.CharField(max_length=40, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by candidate_anonymise: personal data is gone, the counts for reports remain.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CandidateQuerySet.as_manager()
    # Holds personal data: the retention service purges these rows with the candidate's.
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="recruiting_candidate_name")]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="recruiting_candidate_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


# --- Applications ---------------------------------------------------------------------------


class RejectionReason(models.Model):
    """HR-editable reasons; each carries the email the candidate receives (if any)."""

    name = models.CharField(max_length=100, unique=True)
    is_active = models.BooleanField(default=True)
    email_subject = models.CharField(max_length=150, blank=True)
    email_body = models.TextField(
        blank=True,
        help_text="Plain text. {name} and {job} are replaced by the candidate's name and the job.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_email(self) -> bool:
        return bool(self.email_subject and self.email_body)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        """HR: all; hiring manager: their requisitions'; interviewer: the ones assigned to them."""
        if not _is_active_user(user):
            return self.none()
        if user.is_hr:
            return self
        condition = Q()
        if user.has_role(Role.HIRING_MANAGER):
            condition |= Q(requisition__hiring_manager=user)
        if user.has_role(Role.INTERVIEWER):
            assigned = ApplicationInterviewer.objects.filter(user=user).values("application_id")
            condition |= Q(pk__in=assigned)
        if not condition:
            return self.none()
        return self.filter(condition)

    def manageable_by(self, user) -> ApplicationQuerySet:
        """Who may move, reject and tag: HR, and the hiring manager of the requisition."""
        if not _is_active_user(user):
            return self.none()
        if user.is_hr:
            return self
        if user.has_role(Role.HIRING_MANAGER):
            return self.filter(requisition__hiring_manager=user)
        return self.none()


def _checked_extension(filename: str) -> str:
    # Only the extension of a checked document type (the callers name the file after the type
    # its content was found to be); anything else gets none.
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    return f".{extension}" if extension in DOCUMENT_EXTENSIONS else ""


def resume_upload_to(instance, filename: str) -> str:
    # A random name: nothing the candidate typed reaches the file system but the type's
    # extension.
    return f"recruiting/resumes/{uuid.uuid4().hex}{_checked_extension(filename)}"


def attachment_upload_to(instance, filename: str) -> str:
    return f"recruiting/attachments/{uuid.uuid4().hex}{_checked_extension(filename)}"


class Application(models.Model):
    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        SCREENING = "screening", "Screening"
        ASSESSMENT = "assessment", "Assessment"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN_STAGES = (
        Stage.APPLIED,
        Stage.SCREENING,
        Stage.ASSESSMENT,
        Stage.INTERVIEW,
        Stage.OFFER,
    )
    CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDRAWN)
    # Filled in below the class: from -> the stages it may move to.
    ALLOWED_MOVES: dict[str, frozenset[str]] = {}

    requisition = models.ForeignKey(
        Requisition, on_delete=models.PROTECT, related_name="applications"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(max_length=20, choices=Stage, default=Stage.APPLIED)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(default=timezone.now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_applications",
    )
    rejection_reason = models.ForeignKey(
        RejectionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=40, blank=True)
    cover_letter = models.TextField(blank=True)
    years_experience = models.PositiveSmallIntegerField(
        default=0, help_text="Years in data entry, record keeping or administrative work."
    )
    resume = models.FileField(upload_to=resume_upload_to, max_length=200, blank=True)
    resume_filename = models.CharField(max_length=150, blank=True)
    resume_content_type = models.CharField(max_length=100, blank=True)
    # The hiring manager's digest of new applications marks what it has reported.
    manager_notified_at = models.DateTimeField(null=True, blank=True)
    # A rejection email waits until this time so that it can be cancelled.
    rejection_email_due_at = models.DateTimeField(null=True, blank=True)
    rejection_email_sent_at = models.DateTimeField(null=True, blank=True)
    # What the person typed with this application (name, phone, location, link, skills). An
    # application never changes an existing candidate's profile: a recruiter compares and
    # merges (services.details.application_details_merge), which records who did it.
    submitted_details = models.JSONField(default=dict, blank=True)
    details_merged_at = models.DateTimeField(null=True, blank=True)
    details_merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The consent given with this application, and the words the person agreed to.
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_text = models.TextField(blank=True)
    # What the candidate list's search box finds in the candidate (name, email, phone, skills,
    # tag names) as a tsvector with a GIN index. Kept on the application, the list's row, so
    # that the newest matches are found without a join (issue 22). Written by the database
    # (migration 0010's triggers) whatever wrote the candidate, its tags or this row: services,
    # the admin, COPY. NULL on SQLite, which searches with LIKE.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ApplicationQuerySet.as_manager()
    # Email bookkeeping (digest and rejection-email timestamps) is written with
    # queryset.update() by the sweeps and is not a change anyone made: left out of history;
    # so is the search document, derived data.
    history = HistoricalRecords(
        excluded_fields=[
            "manager_notified_at",
            "rejection_email_due_at",
            "rejection_email_sent_at",
            "search_document",
        ]
    )

    class Meta:
        ordering = ["-applied_at"]
        indexes = [
            # A board column's first cards, in its sorts (newest applicants, longest in stage);
            # the first also serves (requisition, stage) lookups.
            models.Index(
                fields=["requisition", "stage", "-applied_at", "-id"],
                name="recruiting_app_board_newest",
            ),
            models.Index(
                fields=["requisition", "stage", "stage_changed_at", "id"],
                name="recruiting_app_board_in_stage",
            ),
            models.Index(fields=["rejection_email_due_at"]),
            # The candidate list's sorts: newest first (the default), time in stage, experience.
            models.Index(fields=["-applied_at", "-id"], name="recruiting_app_newest"),
            models.Index(fields=["stage_changed_at", "id"], name="recruiting_app_in_stage"),
            models.Index(fields=["years_experience", "id"], name="recruiting_app_experience"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "candidate"], name="recruiting_application_unique"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["rejected", "withdrawn"]) | Q(rejection_reason__isnull=True),
                name="recruiting_application_reason_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.requisition}"

    def can_move_to(self, to_stage: str) -> bool:
        return to_stage in self.ALLOWED_MOVES.get(self.stage, frozenset())

    def moves_offered(self) -> list[tuple[str, str]]:
        """Allowed moves for a menu: the next stage first and on forward, then back, the
        nearest stage first (a menu never defaults to sending a card back to Applied).

        Rejection and withdrawal are left out: they take a reason, in their own form. Hired is
        left out too: a hire happens when the candidate accepts their offer (offer_transition),
        which also creates the employee.
        """
        stages = list(self.OPEN_STAGES)
        position = stages.index(self.stage) if self.stage in stages else len(stages)
        ordered = [*stages[position + 1 :], *reversed(stages[:position])]
        return [(stage, self.Stage(stage).label) for stage in ordered if self.can_move_to(stage)]

    def is_backward_move(self, to_stage: str) -> bool:
        """A move to an earlier open stage (the board asks before making it)."""
        stages = list(self.OPEN_STAGES)
        return (
            self.stage in stages
            and to_stage in stages
            and stages.index(to_stage) < stages.index(self.stage)
        )

    @property
    def is_open(self) -> bool:
        return self.stage in self.OPEN_STAGES

    def days_in_stage(self, now=None) -> int:
        return max(((now or timezone.now()) - self.stage_changed_at).days, 0)


def _allowed_moves() -> dict[str, frozenset[str]]:
    """Between open stages a card may go forward or back (people correct mistakes on a board);
    from any open stage to rejected or withdrawn; only an offer leads to hired. Closed stages
    are final."""
    stage = Application.Stage
    moves = {}
    for current in Application.OPEN_STAGES:
        targets = {other for other in Application.OPEN_STAGES if other != current}
        targets |= {stage.REJECTED, stage.WITHDRAWN}
        if current == stage.OFFER:
            targets.add(stage.HIRED)
        moves[current] = frozenset(targets)
    for current in Application.CLOSED_STAGES:
        moves[current] = frozenset()
    return moves


Application.ALLOWED_MOVES = _allowed_moves()


class ApplicationInterviewer(models.Model):
    """An interviewer assigned to an application: what the interviewer is allowed to see."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviewer_assignments"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "user"], name="recruiting_application_interviewer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.application}"


class StageEvent(models.Model):
    """One stage change of an application, written only by application_move."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_stage = models.CharField(max_length=20, choices=Application.Stage)
    to_stage = models.CharField(max_length=20, choices=Application.Stage)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage} → {self.to_stage}"


class ApplicationNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.application_id}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to=attachment_upload_to, max_length=200)
    filename = models.CharField(max_length=150)
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.filename
