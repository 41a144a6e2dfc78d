"""Offer letter templates HR edits, their immutable versions, and the candidate's signature.

A template's body is Markdown with merge fields (`{{ candidate.first_name }}`) drawn from an
explicit list (MERGE_FIELDS): the text is never rendered as a Django template, so HR's text
cannot reach anything but those values. Each saved change of the body is a new version
(written by `offer_letter_template_save`); a sent offer keeps the exact text it was sent with.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Every field a letter may name, with what it says (shown to HR in the admin).
MERGE_FIELDS: dict[str, str] = {
    "candidate.name": "The candidate's full name",
    "candidate.first_name": "The candidate's first name",
    "candidate.last_name": "The candidate's last name",
    "candidate.email": "The candidate's email address",
    "offer.salary": "Yearly gross salary with its currency (EUR 52,000)",
    "offer.currency": "The salary's currency (EUR)",
    "offer.start_date": "The start date (5 January 2027)",
    "offer.expires_on": "The last day to answer",
    "offer.employment_type": "Full-time, part-time, …",
    "requisition.title": "The job title",
    "requisition.department": "The department",
    "requisition.location": "Where the job is",
    "manager.name": "The hiring manager's name",
    "manager.email": "The hiring manager's email address",
    "company.name": "The company's name (SITE_NAME)",
    "today": "The date the letter is sent",
}
MERGE_FIELD_PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def merge_fields_unknown(body: str) -> list[str]:
    """The merge fields in `body` that are not on the list, in order, each once."""
    unknown: list[str] = []
    for match in MERGE_FIELD_PATTERN.finditer(body or ""):
        name = match.group(1)
        if name not in MERGE_FIELDS and name not in unknown:
            unknown.append(name)
    if re.search(r"\{%|\{#", body or ""):
        unknown.append("{% … %}")
    return unknown


def merge_fields_validate(body: str) -> None:
    unknown = merge_fields_unknown(body)
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" if "%" not in name else name for name in unknown)
        raise ValidationError(
            f"Unknown merge field{'s' if len(unknown) > 1 else ''}: {names}. "
            f"Use one of: {', '.join(MERGE_FIELDS)}.",
            code="unknown_merge_field",
        )


DEFAULT_CONSTRAINTS = {
    "recruiting_offer_letter_one_default_per_family",
    "recruiting_offer_letter_one_fallback_default",
}


class OfferLetterTemplate(models.Model):
    """The letter for a role family (or, with none, for any role family without its own)."""

    name = models.CharField(max_length=120, unique=True)
    role_family = models.ForeignKey(
        "people.RoleFamily",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for the letter used when a role family has none of its own.",
    )
    is_default = models.BooleanField(
        default=True, help_text="The letter offers for this role family use."
    )
    body = models.TextField(help_text="Markdown with merge fields such as {{ candidate.name }}.")
    # Set only by offer_letter_template_save: the version offers are sent with.
    current_version = models.ForeignKey(
        "OfferLetterVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role_family"],
                condition=Q(is_default=True, role_family__isnull=False),
                name="recruiting_offer_letter_one_default_per_family",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True, role_family__isnull=True),
                name="recruiting_offer_letter_one_fallback_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None) -> None:
        # Making a template the default takes over from the previous default (the save
        # service unsets it in the same transaction), so those two constraints are not an
        # input error here; the database still enforces them.
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            kept = {
                field: [
                    message
                    for message in messages
                    if not any(name in str(message.message) for name in DEFAULT_CONSTRAINTS)
                ]
                for field, messages in error.update_error_dict({}).items()
            }
            kept = {field: messages for field, messages in kept.items() if messages}
            if kept:
                raise ValidationError(kept) from error

    def clean(self) -> None:
        try:
            merge_fields_validate(self.body)
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from error


class OfferLetterVersion(models.Model):
    """One published text of a template; never changed once written."""

    template = models.ForeignKey(
        OfferLetterTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    body = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="recruiting_offer_letter_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class OfferSignature(models.Model):
    """The candidate's electronic signature of an offer: written once, never changed."""

    offer = models.OneToOneField(
        "recruiting.Offer", on_delete=models.PROTECT, related_name="signature"
    )
    typed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    letter_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"Signed by {self.typed_name} on {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        # A signature is evidence: a second save would rewrite it.
        if self.pk is not None or not self._state.adding:
            raise ValidationError("A signature cannot be changed.")
        super().save(*args, **kwargs)
