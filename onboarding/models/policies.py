"""Company policies: each version is immutable once published; acknowledgements never change."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from simple_history.models import HistoricalRecords

from backoffice.core.markdown import markdown_to_html
from onboarding.models.audience import Audience


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML through the core's one sanitiser (`markdown_to_html`)."""
    return markdown_to_html(text)


def policy_pdf_path(instance: PolicyVersion, filename: str) -> str:
    # A random name: the original never reaches the disk, and guessing paths gets nothing.
    return f"onboarding/policies/{uuid.uuid4().hex}.pdf"


class Policy(Audience):
    """A company policy; its audience (Audience fields) is who must acknowledge it."""

    title = models.CharField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    requires_acknowledgement = models.BooleanField(default=True)
    # Set only by policy_publish_version; a policy with no published version asks nothing.
    current_version = models.ForeignKey(
        "PolicyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.title


class PolicyVersion(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(blank=True, help_text="Markdown.")
    pdf = models.FileField(upload_to=policy_pdf_path, blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    effective_date = models.DateField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="onboarding_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(body="") | ~models.Q(pdf=""),
                name="onboarding_version_has_body_or_pdf",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    @cached_property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)


class PolicyAcknowledgement(models.Model):
    """Who accepted which version, when and from where. Written once, never edited."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="policy_acknowledgements"
    )
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "version"], name="onboarding_acknowledgement_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} accepted {self.version}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("An acknowledgement is a record of the past and cannot be changed.")
        super().save(*args, **kwargs)
