"""Ongoing training: recertification items ahead of expiry."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from backoffice.people.models import Employee
from onboarding.models import (
    ItemKind,
    ItemOwner,
    PlanItem,
    PlanItemEvent,
    TrainingCompletion,
)
from onboarding.services.policies import plans_for_employees

RECERTIFY_AHEAD_DAYS = 30


@transaction.atomic
def recertification_items_create(
    *, today: datetime.date | None = None, ahead_days: int = RECERTIFY_AHEAD_DAYS
) -> int:
    """Add a recertification item for each training expiring within `ahead_days` (or expired).

    Looks at each employee's latest completion of each module; skips anyone who has left and
    anyone with the same training already open. Safe to run every day: returns how many it added.
    """
    today = today or timezone.localdate()
    newer = TrainingCompletion.objects.filter(
        employee=OuterRef("employee"),
        module=OuterRef("module"),
        completed_at__gt=OuterRef("completed_at"),
    )
    already_open = PlanItem.objects.open().filter(
        plan__employee=OuterRef("employee"), kind=ItemKind.TRAINING, training=OuterRef("module")
    )
    expiring = list(
        TrainingCompletion.objects.filter(expires_on__lte=today + datetime.timedelta(ahead_days))
        .exclude(employee__status=Employee.Status.LEFT)
        .filter(~Exists(newer), ~Exists(already_open))
        .select_related("module", "employee")
    )
    if not expiring:
        return 0
    plans = {plan.employee_id: plan for plan in plans_for_employees([c.employee for c in expiring])}
    calendar = WorkingCalendar.company()
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plans[completion.employee_id],
            origin=PlanItem.Origin.RECERTIFICATION,
            kind=ItemKind.TRAINING,
            title=f"Retake: {completion.module.title}",
            description=f"Your certificate expires on {completion.expires_on:%d %B %Y}.",
            owner=ItemOwner.NEW_HIRE,
            # Retaken by the last working day before the certificate lapses.
            due_date=calendar.on_or_before(completion.expires_on),
            training=completion.module,
        )
        for completion in expiring
    )
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(item=item, action=PlanItemEvent.Action.ADDED, note="Recertification")
        for item in items
    )
    return len(items)
