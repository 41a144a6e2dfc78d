"""Scorecard templates (criteria per role family) and the scorecards interviewers submit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from backoffice.people.models import RoleFamily
from backoffice.people.roles import Role
from recruiting.models.access import _is_active_user
from recruiting.models.candidates import Application
from recruiting.models.interviews import Interview
from recruiting.models.requisitions import Requisition


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
        visible_applications = Application.objects.visible_to(user).values("pk")
        condition |= Q(
            application_id__in=scored_by(user).values("application_id"), submitted_at__isnull=False
        )
        return self.filter(condition, application_id__in=visible_applications)


def scored_by(user) -> ScorecardQuerySet:
    """The scorecards `user` has submitted: on those applications the panel's scorecards, and
    everything derived from them, are no longer hidden from them (independent scoring)."""
    return Scorecard.objects.filter(interviewer=user, submitted_at__isnull=False)


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
