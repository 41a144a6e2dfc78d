"""Offers: terms, approval and the candidate's answer (the transition table)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from recruiting.models.access import _is_active_user
from recruiting.models.candidates import Application
from recruiting.models.requisitions import Requisition


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user) -> OfferQuerySet:
        """HR and the requisition's hiring manager; interviewers do not see offers."""
        return self.filter(application__in=Application.objects.manageable_by(user))


class ResponseChannel(models.TextChoices):
    CANDIDATE = "candidate", "By the candidate, online"
    PHONE = "phone", "Recorded by staff (phone)"


class Offer(models.Model):
    ResponseChannel = ResponseChannel

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # from → {to: who may do it}; "hr" = HR only, "manager" = HR or the hiring manager.
    TRANSITIONS: dict[str, dict[str, str]] = {
        Status.DRAFT: {Status.APPROVED: "hr", Status.WITHDRAWN: "manager"},
        Status.APPROVED: {Status.SENT: "manager", Status.WITHDRAWN: "manager"},
        Status.SENT: {
            Status.ACCEPTED: "manager",
            Status.DECLINED: "manager",
            Status.EXPIRED: "system",
            Status.WITHDRAWN: "manager",
        },
        Status.ACCEPTED: {},
        Status.DECLINED: {},
        Status.EXPIRED: {},
        Status.WITHDRAWN: {},
    }
    OPEN_STATUSES = (Status.DRAFT, Status.APPROVED, Status.SENT)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    salary = models.PositiveIntegerField(help_text="Yearly gross salary.")
    salary_currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField()
    employment_type = models.CharField(
        max_length=20,
        choices=Requisition.EmploymentType,
        default=Requisition.EmploymentType.FULL_TIME,
    )
    expires_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The letter as it was sent (from letter_version, merged): it never changes afterwards.
    letter_version = models.ForeignKey(
        "recruiting.OfferLetterVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    letter_markdown = models.TextField(blank=True)
    letter_html = models.TextField(blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    # Who gave the answer: the candidate through their link, or staff recording a phone call.
    response_channel = models.CharField(max_length=10, choices=ResponseChannel, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True)

    objects = OfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one live offer per application.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "approved", "sent", "accepted"]),
                name="recruiting_offer_one_live_per_application",
            ),
            models.CheckConstraint(
                condition=Q(salary__gte=1), name="recruiting_offer_salary_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application.candidate}"

    def can_transition(self, to_status: str, user) -> bool:
        who = self.TRANSITIONS.get(self.status, {}).get(to_status)
        if who is None or who == "system" or not _is_active_user(user):
            return False
        if user.is_hr:
            return True
        return who == "manager" and self.application.requisition.hiring_manager_id == user.pk
