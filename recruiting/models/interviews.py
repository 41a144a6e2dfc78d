"""Interviews of an application."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from recruiting.models.candidates import Application


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
    def kind_noun(self) -> str:
        """The kind as a noun in a sentence: "phone screen", "interview", "panel interview"."""
        return {self.Kind.PANEL: "panel interview"}.get(self.kind, self.get_kind_display().lower())

    @property
    def kind_phrase(self) -> str:
        """The kind with its article, for emails: "a phone screen", "an interview"."""
        noun = self.kind_noun
        return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)
