"""Structured hiring: scorecard templates, interviews, scorecards, the skills test and offers.

Imported at the end of recruiting/models.py so that Django registers these models with the app.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from backoffice.people.models import RoleFamily
from backoffice.people.roles import Role
from recruiting.models import Application, Requisition, _is_active_user

__all__ = [
    "Interview",
    "Offer",
    "Recommendation",
    "Scorecard",
    "ScorecardCriterion",
    "ScorecardRating",
    "ScorecardTemplate",
    "SkillsTest",
]

# --- Scorecard templates ------------------------------------------------------------------


class ScorecardTemplate(models.Model):
    """The criteria interviewers rate for one role family (HR keeps these in the admin)."""

    name = models.CharField(max_length=120, unique=True)
    role_family = models.ForeignKey(
        RoleFamily,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Requisitions of this role family use this template; empty = the default.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def for_requisition(cls, requisition: Requisition) -> ScorecardTemplate | None:
        """The requisition's own template if HR chose one; else the newest active template of
        its role family (a new one HR makes takes over from the seeded one); else the default."""
        return cls.objects.filter(pk=cls.pk_for_requisition(requisition)).first()

    @classmethod
    def pk_for_requisition(cls, requisition: Requisition) -> Coalesce:
        """for_requisition's choice as an SQL expression, to filter other tables by it."""
        chosen = cls.objects.filter(pk=requisition.scorecard_template_id).values("pk")[:1]
        best = (
            cls.objects.filter(is_active=True)
            .filter(Q(role_family_id=requisition.role_family_id) | Q(role_family__isnull=True))
            .order_by(models.F("role_family_id").asc(nulls_last=True), "-pk")
            .values("pk")[:1]
        )
        return Coalesce(Subquery(chosen), Subquery(best))


class ScorecardCriterion(models.Model):
    class Section(models.TextChoices):
        SKILLS = "skills", "Skills"
        CULTURE = "culture", "Culture fit & soft skills"

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="criteria"
    )
    section = models.CharField(max_length=10, choices=Section)
    name = models.CharField(max_length=100)
    guidance = models.TextField(blank=True, help_text="What to look for.")
    questions = models.TextField(blank=True, help_text="Suggested questions, one per line.")
    anchor_1 = models.CharField("What a 1 looks like", max_length=250)
    anchor_2 = models.CharField("What a 2 looks like", max_length=250)
    anchor_3 = models.CharField("What a 3 looks like", max_length=250)
    anchor_4 = models.CharField("What a 4 looks like", max_length=250)
    weight = models.PositiveSmallIntegerField(default=1)
    required = models.BooleanField(default=False)
    # The built-in data-entry test reports against this criterion.
    is_data_entry = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "-section", "position", "pk"]  # skills first
        verbose_name_plural = "scorecard criteria"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1), name="recruiting_criterion_weight_positive"
            ),
            models.UniqueConstraint(
                fields=["template", "name"], name="recruiting_criterion_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def anchors(self) -> list[tuple[int, str]]:
        return [(1, self.anchor_1), (2, self.anchor_2), (3, self.anchor_3), (4, self.anchor_4)]

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


# --- Interviews ---------------------------------------------------------------------------


class InterviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> InterviewQuerySet:
        """Whoever sees the application sees its interviews."""
        return self.filter(application__in=Application.objects.visible_to(user))


class Interview(models.Model):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone_screen", "Phone screen"
        INTERVIEW = "interview", "Interview"
        PANEL = "panel", "Panel"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.INTERVIEW)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=45)
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="interviews")
    # The calendar identity: updates and the cancellation reuse the UID with a higher SEQUENCE.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="recruiting_interview_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.application.candidate}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)


# --- Scorecards ---------------------------------------------------------------------------


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class ScorecardQuerySet(models.QuerySet):
    def current(self) -> ScorecardQuerySet:
        """Scorecards not replaced by an amendment (NOT EXISTS: an anti-join on the amends
        index, where a LEFT JOIN made PostgreSQL read every scorecard)."""
        amendments = Scorecard.objects.filter(amends__isnull=False, amends=OuterRef("pk"))
        return self.filter(~Exists(amendments))

    def visible_to(self, user) -> ScorecardQuerySet:
        """Independence: HR and the requisition's hiring manager see every scorecard; an
        interviewer sees their own, and the others on an application only once they have
        submitted their own scorecard there."""
        if not _is_active_user(user):
            return self.none()
        if user.is_hr:
            return self
        condition = Q(interviewer=user)
        if user.has_role(Role.HIRING_MANAGER):
            condition |= Q(application__requisition__hiring_manager=user)
        submitted_on = Scorecard.objects.filter(
            interviewer=user, submitted_at__isnull=False
        ).values("application_id")
        visible_applications = Application.objects.visible_to(user).values("pk")
        condition |= Q(application_id__in=submitted_on, submitted_at__isnull=False)
        return self.filter(condition, application_id__in=visible_applications)


class Scorecard(models.Model):
    """One interviewer's ratings of one interview. Submitted = read-only; an amendment is a
    new scorecard that points back at the one it replaces (which stays as it was)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scorecards"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    recommendation = models.CharField(max_length=12, choices=Recommendation, blank=True)
    summary = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    amends = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    amendment_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["application", "interviewer"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(recommendation=""),
                name="recruiting_scorecard_submitted_has_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ScorecardRating(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(ScorecardCriterion, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty = not assessed"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-criterion__section", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="recruiting_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4),
                name="recruiting_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.rating or 'not assessed'}"


# --- The data-entry skills test ---------------------------------------------------------------


class SkillsTest(models.Model):
    """One invitation to the built-in data-entry test; all times are stamped by the server."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="skills_tests"
    )
    # Anonymous code graders see instead of the candidate's name.
    code = models.CharField(max_length=12, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    time_limit_minutes = models.PositiveSmallIntegerField(default=10)
    records = models.JSONField(default=list, help_text="The generated source records (the truth).")
    answers = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False, help_text="Submitted after the time limit.")
    fields_total = models.PositiveIntegerField(default=0)
    fields_correct = models.PositiveIntegerField(default=0)
    records_complete = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Skills test {self.code}"

    @property
    def deadline(self):
        if self.started_at is None:
            return None
        return self.started_at + timezone.timedelta(minutes=self.time_limit_minutes)

    @property
    def accuracy(self) -> float | None:
        if not self.submitted_at or not self.fields_total:
            return None
        return round(100 * self.fields_correct / self.fields_total, 1)

    @property
    def records_per_hour(self) -> float | None:
        if not self.submitted_at or not self.started_at:
            return None
        seconds = max((self.submitted_at - self.started_at).total_seconds(), 1)
        return round(self.records_complete * 3600 / seconds, 1)

    @property
    def suggested_rating(self) -> int | None:
        """Where the result sits on the data-entry criterion's 1-4 scale."""
        accuracy = self.accuracy
        if accuracy is None:
            return None
        if accuracy >= 98:
            return 4
        if accuracy >= 90:
            return 3
        if accuracy >= 75:
            return 2
        return 1


# --- Offers -----------------------------------------------------------------------------------


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user) -> OfferQuerySet:
        """HR and the requisition's hiring manager; interviewers do not see offers."""
        return self.filter(application__in=Application.objects.manageable_by(user))


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # from → {to: who may do it}; "hr" = HR only, "manager" = HR or the hiring manager.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Status.APPROVED: "hr", Status.WITHDRAWN: "manager"},
        Status.APPROVED: {Status.SENT: "manager", Status.WITHDRAWN: "manager"},
        Status.SENT: {
            Status.ACCEPTED: "manager",
            Status.DECLINED: "manager",
            Status.EXPIRED: "system",
            Status.WITHDRAWN: "manager",
        },
        Status.ACCEPTED: {},
        Status.DECLINED: {},
        Status.EXPIRED: {},
        Status.WITHDRAWN: {},
    }
    OPEN_STATUSES = (Status.DRAFT, Status.APPROVED, Status.SENT)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    salary = models.PositiveIntegerField(help_text="Yearly gross salary.")
    salary_currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField()
    employment_type = models.CharField(
        max_length=20,
        choices=Requisition.EmploymentType,
        default=Requisition.EmploymentType.FULL_TIME,
    )
    expires_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one live offer per application.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "approved", "sent", "accepted"]),
                name="recruiting_offer_one_live_per_application",
            ),
            models.CheckConstraint(
                condition=Q(salary__gte=1), name="recruiting_offer_salary_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application.candidate}"

    def can_transition(self, to_status: str, user) -> bool:
        who = self.TRANSITIONS.get(self.status, {}).get(to_status)
        if who is None or who == "system" or not _is_active_user(user):
            return False
        if user.is_hr:
            return True
        return who == "manager" and self.application.requisition.hiring_manager_id == user.pk
