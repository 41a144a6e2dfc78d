"""Recruiting's reminder kinds (see backoffice/notifications/reminders.py for the contract)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db.models import Max, Q
from django.urls import reverse

from backoffice.notifications.reminders import DueItem, reminder_kind
from backoffice.people.roles import Role
from recruiting.models import Requisition

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
