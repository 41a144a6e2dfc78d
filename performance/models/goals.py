"""Goals that an employee owns and their manager approves."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from backoffice.people.models import Employee
from performance.models.metrics import Metric


class GoalQuerySet(models.QuerySet):
    def visible_to(self, user) -> GoalQuerySet:
        """The employee, their manager and HR."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(employee__manager__user=user))


class Goal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        DONE = "done", "Done"

    class Progress(models.TextChoices):
        PERCENT = "percent", "Percent complete"
        METRIC = "metric", "Tied to a metric"

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    due_date = models.DateField()
    weight = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    progress_kind = models.CharField(max_length=10, choices=Progress, default=Progress.PERCENT)
    metric = models.ForeignKey(
        Metric, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    progress = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)], help_text="Percent complete."
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="performance_goal_progress_percent"
            ),
            models.CheckConstraint(
                condition=~Q(progress_kind="metric") | Q(metric__isnull=False),
                name="performance_goal_metric_when_tied",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GoalUpdate(models.Model):
    """An employee's progress update, or a manager's comment (progress left empty)."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Update on goal {self.goal_id}"
