"""Requisitions: the job, its approval state, its skills and its event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from backoffice.people.models import Department, RoleFamily
from backoffice.people.roles import Role
from recruiting.models.access import _is_active_user


class RequisitionQuerySet(models.QuerySet):
    def visible_to(self, user) -> RequisitionQuerySet:
        """HR sees every requisition; a hiring manager sees the ones they manage."""
        if not _is_active_user(user):
            return self.none()
        if user.is_hr:
            return self
        if user.has_role(Role.HIRING_MANAGER):
            return self.filter(hiring_manager=user)
        return self.none()

    def public(self) -> RequisitionQuerySet:
        """What the careers page shows: open requisitions only."""
        return self.filter(status=Requisition.Status.OPEN)


class Requisition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING_APPROVAL = "pending_approval", "Pending approval"
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        TEMPORARY = "temporary", "Temporary"
        CONTRACT = "contract", "Contract"

    class RemoteOption(models.TextChoices):
        ON_SITE = "on_site", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    # from → {to: who may do it}; "hr" = HR only, "owner" = HR or the requisition's manager.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Status.PENDING_APPROVAL: "owner", Status.CANCELLED: "owner"},
        Status.PENDING_APPROVAL: {
            Status.OPEN: "hr",
            Status.DRAFT: "hr",
            Status.CANCELLED: "owner",
        },
        Status.OPEN: {Status.ON_HOLD: "owner", Status.FILLED: "owner", Status.CANCELLED: "owner"},
        Status.ON_HOLD: {Status.OPEN: "owner", Status.FILLED: "owner", Status.CANCELLED: "owner"},
        Status.FILLED: {},
        Status.CANCELLED: {},
    }

    title = models.CharField(max_length=150)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    role_family = models.ForeignKey(RoleFamily, on_delete=models.PROTECT, related_name="+")
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_requisitions"
    )
    headcount = models.PositiveSmallIntegerField(default=1)
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType, default=EmploymentType.FULL_TIME
    )
    location = models.CharField(max_length=100)
    remote_option = models.CharField(
        max_length=20, choices=RemoteOption, default=RemoteOption.ON_SITE
    )
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="EUR")
    description = models.TextField(help_text="Markdown; raw HTML is removed when shown.")
    target_start_date = models.DateField(null=True, blank=True)
    scorecard_template = models.ForeignKey(
        "recruiting.ScorecardTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the newest active template of the role family, else the default.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequisitionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "hiring_manager"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="recruiting_requisition_salary_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="recruiting_requisition_headcount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def can_transition(self, to_status: str, user) -> bool:
        """A pure rule: is `to_status` reachable from here, and may `user` take that step?"""
        who = self.TRANSITIONS.get(self.status, {}).get(to_status)
        if who is None or not _is_active_user(user):
            return False
        if user.is_hr:
            return True
        return who == "owner" and self.hiring_manager_id == user.pk

    def transitions_for(self, user) -> list[str]:
        return [to for to in self.TRANSITIONS.get(self.status, {}) if self.can_transition(to, user)]

    def days_open(self, now=None) -> int | None:
        if self.opened_at is None:
            return None
        end = self.closed_at or now or timezone.now()
        return max((end - self.opened_at).days, 0)


class RequisitionSkill(models.Model):
    """A skill the requisition requires, with the minimum years of practice."""

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=80)
    minimum_years = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "requisition", Lower("name"), name="recruiting_requisition_skill_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.minimum_years}+ years)" if self.minimum_years else self.name


class RequisitionEvent(models.Model):
    """One status change of a requisition: the audit log written by requisition_transition."""

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Requisition.Status)
    to_status = models.CharField(max_length=20, choices=Requisition.Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.requisition}: {self.from_status} → {self.to_status}"
