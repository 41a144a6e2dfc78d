"""Recruiting's reminder kinds (see backoffice/notifications/reminders.py for the contract)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.urls import reverse

from backoffice.notifications.reminders import DueItem, reminder_kind
from backoffice.people.roles import Role
from recruiting.models.requisitions import Requisition

APPROVAL_WAIT = datetime.timedelta(days=2)


@reminder_kind(
    key="recruiting.requisition_awaiting_approval",
    label="Requisitions waiting for approval for 2 days",
    required=True,
)
def requisitions_awaiting_approval(now: datetime.datetime) -> Iterator[DueItem]:
    """Each HR user hears of every requisition pending approval for 2 days or more.

    The wait counts from the latest submission (the last RequisitionEvent into pending
    approval), and the period is that submission's date, so a requisition sent back and
    submitted again is reminded about afresh.
    """
    waiting = (
        Requisition.objects.filter(status=Requisition.Status.PENDING_APPROVAL)
        .annotate(
            submitted_at=Max(
                "events__at", filter=Q(events__to_status=Requisition.Status.PENDING_APPROVAL)
            )
        )
        .filter(submitted_at__lte=now - APPROVAL_WAIT)
        .order_by("pk")
    )
    hr_ids = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HR)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not hr_ids:
        return
    for requisition in waiting.iterator(chunk_size=500):
        days = (now - requisition.submitted_at).days
        for recipient_id in hr_ids:
            yield DueItem(
                recipient_id=recipient_id,
                kind="recruiting.requisition_awaiting_approval",
                subject=f"recruiting.requisition:{requisition.pk}",
                period=requisition.submitted_at.date().isoformat(),
                title=f"Approve or send back “{requisition.title}” (waiting {days} days)",
                path=reverse("admin:recruiting_requisition_change", args=[requisition.pk]),
                due=(requisition.submitted_at + APPROVAL_WAIT).date(),
            )


SCORECARD_WAIT = datetime.timedelta(hours=24)
OFFER_EXPIRY_NOTICE = datetime.timedelta(days=2)


@reminder_kind(
    key="recruiting.scorecard_not_submitted",
    label="Scorecards not submitted 24 hours after the interview",
    required=True,
)
def scorecards_not_submitted(now: datetime.datetime) -> Iterator[DueItem]:
    """Each interviewer of an interview that ended 24 hours ago or more, without a submitted
    scorecard from them, is reminded once per interview."""
    from django.db.models import Exists, OuterRef

    from recruiting.models.candidates import Application
    from recruiting.models.interviews import Interview
    from recruiting.models.scorecards import Scorecard

    Panel = Interview.interviewers.through
    submitted = Scorecard.objects.filter(
        interview_id=OuterRef("interview_id"),
        interviewer_id=OuterRef("user_id"),
        submitted_at__isnull=False,
    )
    pending = (
        Panel.objects.filter(
            interview__cancelled_at__isnull=True,
            interview__starts_at__lte=now - SCORECARD_WAIT,
            interview__application__stage__in=Application.OPEN_STAGES,
        )
        .exclude(Exists(submitted))
        .select_related("interview__application__candidate")
        .order_by("interview_id", "user_id")
    )
    for row in pending.iterator(chunk_size=500):
        interview = row.interview
        yield DueItem(
            recipient_id=row.user_id,
            kind="recruiting.scorecard_not_submitted",
            subject=f"recruiting.interview:{interview.pk}",
            period="once",
            title=f"Submit your scorecard for {interview.application.candidate} "
            f"({interview.get_kind_display().lower()} on {interview.starts_at:%d %b})",
            path=reverse("recruiting:scorecard_edit", args=[interview.pk]),
            due=(interview.ends_at + SCORECARD_WAIT).date(),
        )


@reminder_kind(
    key="recruiting.offer_expiring",
    label="Offers about to expire",
    required=False,
)
def offers_expiring(now: datetime.datetime) -> Iterator[DueItem]:
    """The hiring manager hears of each sent offer that expires within 2 days, once."""
    from django.utils import timezone

    from recruiting.models.offers import Offer

    today = timezone.localdate(now)
    expiring = (
        Offer.objects.filter(
            status=Offer.Status.SENT,
            expires_on__gte=today,
            expires_on__lte=today + OFFER_EXPIRY_NOTICE,
        )
        .select_related("application__candidate", "application__requisition")
        .order_by("pk")
    )
    for offer in expiring.iterator(chunk_size=500):
        requisition = offer.application.requisition
        yield DueItem(
            recipient_id=requisition.hiring_manager_id,
            kind="recruiting.offer_expiring",
            subject=f"recruiting.offer:{offer.pk}",
            period="once",
            title=f"The offer to {offer.application.candidate} ({requisition.title}) expires on "
            f"{offer.expires_on:%d %b}",
            path=reverse("recruiting:application_detail", args=[offer.application_id]),
            due=offer.expires_on,
        )
