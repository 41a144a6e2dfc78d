"""Training modules (software and procedures), their quizzes and who completed them when."""

from __future__ import annotations

import datetime
import re
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeString

from backoffice.core.markdown import markdown_to_html
from onboarding.models.audience import Audience

EXPIRY_WARNING_DAYS = 30


class TrainingModule(Audience):
    """A training; its audience (Audience fields) is who is required to hold it."""

    class Category(models.TextChoices):
        SOFTWARE = "software", "Software system"
        PROCEDURE = "procedure", "Procedure"
        SKILL = "skill", "Skill"

    title = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=20, choices=Category, default=Category.SOFTWARE)
    summary = models.CharField(max_length=300, blank=True)
    content = models.TextField(
        blank=True,
        help_text="Markdown: headings (##), lists, **bold**, tables, links. An image attached "
        "below shows where you write ![what it shows](its-file-name.png).",
    )
    link = models.URLField(blank=True, help_text="An external course, if the content is there.")
    video_url = models.URLField(
        blank=True, help_text="An optional video (opens on its own site, e.g. your intranet)."
    )
    estimated_minutes = models.PositiveIntegerField(default=30)
    pass_mark_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty for no quiz; 1 to 100 when there is one."
    )
    validity_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="After this the training must be retaken; empty = never."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark_percent__isnull=True)
                | models.Q(pass_mark_percent__gte=1, pass_mark_percent__lte=100),
                name="onboarding_training_pass_mark_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def content_html(self) -> SafeString:
        """The content, sanitised; images name attached files, which are served by our view."""
        text = self.content
        for attachment in self.attachments.all():
            if attachment.is_image:
                text = re.sub(
                    r"\]\(\s*" + re.escape(attachment.name) + r"\s*([)\s])",
                    lambda match, url=attachment.url: f"]({url}{match.group(1)}",
                    text,
                )
        return markdown_to_html(text)

    @property
    def has_quiz(self) -> bool:
        return self.pass_mark_percent is not None

    def expiry_for(self, completed_on: datetime.date) -> datetime.date | None:
        if not self.validity_months:
            return None
        return completed_on + relativedelta(months=self.validity_months)


class QuizQuestion(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["module", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=200)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "pk"]

    def __str__(self) -> str:
        return self.text


class TrainingCompletion(models.Model):
    """One completion of a module; the latest per employee and module is what counts."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="training_completions"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField()
    expires_on = models.DateField(null=True, blank=True)
    quiz_score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-completed_at"]
        indexes = [models.Index(fields=["employee", "module", "-completed_at"])]

    def __str__(self) -> str:
        return f"{self.employee}: {self.module} on {self.completed_at:%Y-%m-%d}"

    def status_on(self, today: datetime.date) -> str:
        if self.expires_on is None:
            return "done"
        if self.expires_on < today:
            return "expired"
        if self.expires_on <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            return "due_soon"
        return "done"


def attachment_path(instance: TrainingAttachment, filename: str) -> str:
    # A random name: the original is kept in `name`, never used on disk.
    return f"onboarding/training/{uuid.uuid4().hex}"


class TrainingAttachment(models.Model):
    """A handout, slides or an image of a training; served only through the access check."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200, help_text="What people see, e.g. “Slides”.")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=150, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["module", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def url(self) -> str:
        return reverse("onboarding:training_attachment", args=[self.pk])


class TrainingLink(models.Model):
    """Further reading for a training: a manual, a help page, a form."""

    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=200)
    url = models.URLField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["module", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class QuizAttempt(models.Model):
    """Every submission of a quiz, passed or not: the score and which questions were wrong."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="attempts")
    item = models.ForeignKey(
        "onboarding.PlanItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quiz_attempts",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    score_percent = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    # {question id: chosen choice id}; the ids of the questions answered wrongly.
    answers = models.JSONField(default=dict)
    wrong_question_ids = models.JSONField(default=list)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["employee", "module", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.employee}: {self.module} {self.score_percent}%"
