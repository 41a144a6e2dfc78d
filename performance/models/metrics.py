"""Role metrics with targets, and the measurements managers enter or import."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from backoffice.people.models import Employee, RoleFamily


class Metric(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Period(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"

    role_family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, related_name="metrics")
    name = models.CharField(max_length=150)
    unit = models.CharField(max_length=40, help_text="e.g. records/hour, %, days")
    direction = models.CharField(max_length=10, choices=Direction, default=Direction.HIGHER)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    period = models.CharField(max_length=10, choices=Period, default=Period.MONTHLY)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["role_family__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_family", "name"], name="performance_metric_name_per_family"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def on_target(self, value: Decimal | None) -> bool | None:
        if value is None:
            return None
        if self.direction == self.Direction.HIGHER:
            return value >= self.target
        return value <= self.target


class MeasurementQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeasurementQuerySet:
        """The measured employee, their manager and HR."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(employee__manager__user=user))


class Measurement(models.Model):
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="measurements")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(help_text="First day of the week, month or quarter.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "employee", "period_start"],
                name="performance_measurement_once_per_period",
            ),
        ]
        # The newest change, read by the team trends' cache key without a scan.
        indexes = [models.Index(fields=["updated_at"], name="perf_measurement_changed")]

    def __str__(self) -> str:
        return f"{self.metric.name} {self.period_start}: {self.value}"
