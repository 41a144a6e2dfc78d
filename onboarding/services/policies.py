"""Publishing policy versions, which asks everyone concerned to acknowledge again."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from onboarding.models import (
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    Policy,
    PolicyVersion,
)

ACKNOWLEDGE_WITHIN_DAYS = 14


def plans_for_employees(employees) -> list[OnboardingPlan]:
    """Each employee's plan, creating empty ones (templates come with the hire) in bulk."""
    employee_ids = [employee.pk for employee in employees]
    have = set(
        OnboardingPlan.objects.filter(employee_id__in=employee_ids).values_list(
            "employee_id", flat=True
        )
    )
    OnboardingPlan.objects.bulk_create(
        [OnboardingPlan(employee_id=pk) for pk in employee_ids if pk not in have],
        ignore_conflicts=True,
    )
    return list(OnboardingPlan.objects.filter(employee_id__in=employee_ids))


def _ask_to_acknowledge(policy: Policy, version: PolicyVersion, by) -> int:
    plans = plans_for_employees(policy.employees_concerned())
    waiting = set(
        PlanItem.objects.open()
        .filter(plan__in=plans, kind=ItemKind.POLICY, policy=policy)
        .values_list("plan_id", flat=True)
    )
    due = WorkingCalendar.company().on_or_after(
        max(timezone.localdate(), version.effective_date)
        + datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
    )
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            origin=PlanItem.Origin.POLICY_UPDATE,
            kind=ItemKind.POLICY,
            title=f"Read and accept: {policy.title}",
            description=version.change_note,
            owner=ItemOwner.NEW_HIRE,
            due_date=due,
            policy=policy,
        )
        for plan in plans
        # An open item already asks for the current version, whatever it was created for.
        if plan.pk not in waiting
    )
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(
            item=item, action=PlanItemEvent.Action.ADDED, by=by, note=f"Version {version.number}"
        )
        for item in items
    )
    return len(items)


@transaction.atomic
def policy_publish_version(
    *,
    policy: Policy,
    effective_date: datetime.date,
    by,
    body: str = "",
    pdf=None,
    change_note: str = "",
) -> PolicyVersion:
    """Publish the next version of `policy` and make it current.

    When the policy needs acknowledging, everyone it concerns (not those who left) gets an open
    item asking them to accept this version, unless one is already open. Acknowledgements of
    earlier versions stay as they were: they record what was accepted then.
    """
    if not body.strip() and not pdf:
        raise ValidationError("A policy version needs a text or a PDF.")
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    number = (policy.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = PolicyVersion(
        policy=policy,
        number=number,
        body=body,
        change_note=change_note,
        effective_date=effective_date,
        published_by=by,
    )
    if pdf:
        version.pdf.save("policy.pdf", pdf, save=False)
    version.save()
    policy.current_version = version
    policy.save(update_fields=["current_version"])
    if policy.requires_acknowledgement:
        _ask_to_acknowledge(policy, version, by)
    return version
