"""Development plan reminders: agreed items due within 3 days or late (to the person), and
items done that wait for the manager's confirmation (to the manager)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from backoffice.notifications.reminders import DueItem, path_for_pk, reminder_kind
from backoffice.notifications.schedule import local
from performance.models import DevelopmentItem

DUE_SOON_DAYS = 3
BATCH = 500


@reminder_kind(key="performance.development_item_due", label="Development plan items due")
def development_items_due(now: datetime.datetime) -> Iterator[DueItem]:
    horizon = local(now).date() + datetime.timedelta(days=DUE_SOON_DAYS)
    rows = (
        DevelopmentItem.objects.filter(status=DevelopmentItem.Status.AGREED, due_on__lte=horizon)
        .values_list("pk", "employee_id", "employee__user_id", "title", "due_on")
        .order_by("pk")
    )
    plan_path = path_for_pk("performance:development_plan")
    for pk, employee_id, user_id, title, due in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind="performance.development_item_due",
            subject=f"performance.developmentitem:{pk}",
            period=due.isoformat(),
            title=f"Development plan: {title}",
            path=plan_path(employee_id),
            due=due,
            employee_id=employee_id,
        )


@reminder_kind(
    key="performance.development_item_confirm", label="Development items to confirm as a manager"
)
def development_items_to_confirm(now: datetime.datetime) -> Iterator[DueItem]:
    rows = (
        DevelopmentItem.objects.filter(
            status=DevelopmentItem.Status.DONE, employee__manager__isnull=False
        )
        .values_list(
            "pk",
            "employee_id",
            "employee__manager_id",
            "employee__manager__user_id",
            "employee__user__first_name",
            "title",
        )
        .order_by("pk")
    )
    plan_path = path_for_pk("performance:development_plan")
    for pk, employee_id, manager_id, user_id, first, title in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind="performance.development_item_confirm",
            subject=f"performance.developmentitem:{pk}:confirm",
            period="once",
            title=f"Confirm {first}'s development item: {title}",
            path=plan_path(employee_id),
            employee_id=manager_id,
        )
