"""What onboarding needs reminding of; the notifications engine decides what goes out."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.reminders import DueItem, path_for_pk, reminder_kind
from backoffice.people.models import Employee
from backoffice.people.roles import Role
from onboarding.models import ItemOwner, TrainingCompletion
from onboarding.selectors import plan_items_due_by

ITEM_DUE_KIND = "onboarding.item_due"
TRAINING_EXPIRING_KIND = "onboarding.training_expiring"
ITEM_DUE_WITHIN_DAYS = 2
TRAINING_EXPIRING_WITHIN_DAYS = 30
BATCH = 500


def _role_user_ids(role: str) -> list[int]:
    from backoffice.people.models import User

    members = User.objects.filter(is_active=True, groups__name=role)
    if role == Role.HR:
        members = User.objects.filter(is_active=True).filter(
            Q(groups__name=Role.HR) | Q(is_superuser=True)
        )
    return list(members.values_list("pk", flat=True).distinct())


def _recipients(item, role_ids: dict[str, list[int]]) -> list[int]:
    if item.owner == ItemOwner.NEW_HIRE:
        return [item.plan__employee__user_id]
    if item.owner == ItemOwner.MANAGER and item.plan__employee__manager__user_id:
        return [item.plan__employee__manager__user_id]
    # IT's items go to IT's members; with nobody in IT yet, HR hears of them.
    if item.owner == ItemOwner.IT:
        if Role.IT not in role_ids:
            role_ids[Role.IT] = _role_user_ids(Role.IT)
        if role_ids[Role.IT]:
            return role_ids[Role.IT]
    if Role.HR not in role_ids:
        role_ids[Role.HR] = _role_user_ids(Role.HR)
    return role_ids[Role.HR]


def _title(item, overdue: bool) -> str:
    title = f"{'Overdue' if overdue else 'Due'}: {item.title}"
    if item.owner == ItemOwner.NEW_HIRE:
        return title
    first, last = item.plan__employee__user__first_name, item.plan__employee__user__last_name
    # As the new hire is named everywhere else (User.__str__).
    name = f"{first} {last}".strip() or item.plan__employee__user__email
    return f"{title} ({name})"


@reminder_kind(key=ITEM_DUE_KIND, label="Onboarding items due or overdue", required=True)
def onboarding_items_due(now: datetime.datetime) -> Iterator[DueItem]:
    """Open items due within 2 days or overdue, to whoever must do them; one a day each."""
    today = timezone.localdate(now)
    items = plan_items_due_by(today + datetime.timedelta(days=ITEM_DUE_WITHIN_DAYS))
    item_path = path_for_pk("onboarding:item")
    role_ids: dict[str, list[int]] = {}  # looked up once per sweep
    for item in items.iterator(chunk_size=BATCH):
        for recipient_id in _recipients(item, role_ids):
            yield DueItem(
                recipient_id=recipient_id,
                kind=ITEM_DUE_KIND,
                subject=f"onboarding.planitem:{item.pk}",
                period=today.isoformat(),
                title=_title(item, overdue=item.due_date < today),
                path=item_path(item.pk),
                due=item.due_date,
                # Escalate late work of the new hire's plan to their manager, then HR.
                employee_id=item.plan__employee_id,
            )


def _newer_completion():
    return TrainingCompletion.objects.filter(
        employee=OuterRef("employee"),
        module=OuterRef("module"),
        completed_at__gt=OuterRef("completed_at"),
    )


@reminder_kind(key=TRAINING_EXPIRING_KIND, label="Trainings expiring or expired", required=True)
def trainings_expiring(now: datetime.datetime) -> Iterator[DueItem]:
    """Each employee's latest completion of a training that expires within 30 days or has.

    Once per expiry date: a retake gives a new completion, hence a new subject.
    """
    today = timezone.localdate(now)
    completions = (
        TrainingCompletion.objects.filter(
            expires_on__lte=today + datetime.timedelta(days=TRAINING_EXPIRING_WITHIN_DAYS)
        )
        .exclude(employee__status=Employee.Status.LEFT)
        # A newer completion of the same module replaces this one.
        .filter(~Exists(_newer_completion()))
        .select_related("employee", "module")
        .order_by("pk")
    )
    landing = reverse("onboarding:landing")
    for completion in completions.iterator(chunk_size=BATCH):
        expired = completion.expires_on < today
        yield DueItem(
            recipient_id=completion.employee.user_id,
            kind=TRAINING_EXPIRING_KIND,
            subject=f"onboarding.trainingcompletion:{completion.pk}",
            period="expired" if expired else "expiring",
            title=(
                f"{completion.module.title} {'expired' if expired else 'expires'} on "
                f"{completion.expires_on:%d %b %Y}"
            ),
            path=landing,
            due=completion.expires_on,
            employee_id=completion.employee_id,
        )
