"""Company policies: each version is immutable once published; acknowledgements never change."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from simple_history.models import HistoricalRecords

from backoffice.core.markdown import markdown_to_html
from onboarding.models.audience import Audience


def render_markdown(text: str) -> SafeString:
    """Authored Markdown, sanitised (backoffice.core.markdown is the one sanitiser)."""
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


class PolicyVersionQuerySet(models.QuerySet):
    def published(self) -> PolicyVersionQuerySet:
        return self.filter(published_at__isnull=False)

    def drafts(self) -> PolicyVersionQuerySet:
        return self.filter(published_at__isnull=True)

    def visible_to(self, user) -> PolicyVersionQuerySet:
        """Published versions are for every employee; drafts for HR only."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self if user.is_hr else self.published()


class PolicyVersion(models.Model):
    """A version of a policy: a draft HR edits, then published, and from then on immutable."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(blank=True, help_text="Markdown.")
    pdf = models.FileField(upload_to=policy_pdf_path, blank=True)
    change_note = models.CharField(max_length=300, blank=True)
    effective_date = models.DateField()
    created_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Empty while a draft; set once by policy_version_publish.
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A material change asks everyone concerned to accept it again; a minor one (a typo, a new
    # contact name) does not. Decided on publishing.
    is_material = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="onboarding_version_unique"),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(published_at__isnull=True),
                name="onboarding_one_draft_per_policy",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(body="") | ~Q(pdf=""),
                name="onboarding_version_has_body_or_pdf",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}{'' if self.is_published else ' (draft)'}"

    def save(self, *args, **kwargs) -> None:
        # What people accepted must stay what they read: a row read back from the database as
        # published never changes (every edit loads the row first: services, the admin).
        if getattr(self, "_stored_published", False):
            raise ValueError("A published policy version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise ValueError("A published policy version cannot be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_published = instance.__dict__.get("published_at") is not None
        return instance

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

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
