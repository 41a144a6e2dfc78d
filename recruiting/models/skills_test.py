"""The data-entry skills test a candidate takes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from recruiting.models.candidates import Application


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
