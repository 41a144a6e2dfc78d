"""Feedback and praise between colleagues, 1:1 notes and probation check-ins."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from backoffice.people.models import Employee


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> FeedbackQuerySet:
        """The giver, the recipient's manager, and the recipient unless it is manager-only."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(giver=user)
            | Q(recipient__manager__user=user)
            | Q(recipient__user=user, visibility=Feedback.Visibility.RECIPIENT_AND_MANAGER)
        )


class Feedback(models.Model):
    class Kind(models.TextChoices):
        PRAISE = "praise", "Praise"
        FEEDBACK = "feedback", "Feedback"

    class Visibility(models.TextChoices):
        RECIPIENT_AND_MANAGER = "recipient", "The person and their manager"
        MANAGER_ONLY = "manager", "Only their manager"

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_given"
    )
    recipient = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="feedback_received"
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PRAISE)
    visibility = models.CharField(
        max_length=10, choices=Visibility, default=Visibility.RECIPIENT_AND_MANAGER
    )
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_id}"


class OneOnOneNoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> OneOnOneNoteQuerySet:
        """Private to the manager and the report: not even HR reads them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(manager__user=user) | Q(report__user=user))


class OneOnOneNote(models.Model):
    manager = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    met_on = models.DateField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OneOnOneNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-met_on", "-id"]
        verbose_name = "1:1 note"

    def __str__(self) -> str:
        return f"1:1 on {self.met_on}"


class ProbationCheckInQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProbationCheckInQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(manager__user=user) | Q(employee__user=user))


class ProbationCheckIn(models.Model):
    """A 30-, 60- or 90-day conversation the manager holds with a new hire."""

    DAYS = (30, 60, 90)

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="check_ins")
    manager = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    day = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    notes = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = ProbationCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="performance_checkin_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day}-day check-in · {self.employee}"
