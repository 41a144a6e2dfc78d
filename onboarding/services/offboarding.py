"""Offboarding: a leaver's checklist, copied from offboarding templates into their plan."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from backoffice.core.calendar import WorkingCalendar
from backoffice.people.models import Employee, Leaving
from onboarding.models import (
    ChecklistTemplate,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    TemplateItem,
)
from onboarding.services.plans import _plan_get_or_create


def _offboarding_templates(employee: Employee) -> list[ChecklistTemplate]:
    return list(
        ChecklistTemplate.objects.filter(
            is_active=True, purpose=ChecklistTemplate.Purpose.OFFBOARDING
        )
        .filter(Q(role_family__isnull=True) | Q(role_family_id=employee.role_family_id))
        .filter(Q(department__isnull=True) | Q(department_id=employee.department_id))
        .order_by("name")
    )


def _due(calendar: WorkingCalendar, last_day: datetime.date, offset_days: int) -> datetime.date:
    due = calendar.due_date(last_day, offset_days)
    if offset_days <= 0 and due > last_day:
        due = calendar.on_or_before(last_day)
    return due


@transaction.atomic
def offboarding_create_for_leaver(
    *, employee: Employee, last_day: datetime.date, by=None
) -> list[PlanItem]:
    """Add the leaver's offboarding items to their plan, once per leaving.

    Each item is due its template's offset from the last day, moved onto a working day of the
    company's calendar and never after the last day (work after it cannot be done by the
    leaver). Idempotent: items already copied from a template are not copied again, so the
    outbox may run this twice.
    """
    plan = OnboardingPlan.objects.select_for_update().get(
        pk=_plan_get_or_create(employee, by=by).pk
    )
    already = set(
        plan.items.filter(origin=PlanItem.Origin.OFFBOARDING).values_list(
            "template_item_id", flat=True
        )
    )
    calendar = WorkingCalendar.company()
    template_items = TemplateItem.objects.filter(
        template__in=_offboarding_templates(employee)
    ).order_by("template__name", "order", "pk")
    created = []
    for template_item in template_items:
        if template_item.pk in already:
            continue
        due = _due(calendar, last_day, template_item.due_offset_days)
        created.append(
            PlanItem(
                plan=plan,
                template_item=template_item,
                origin=PlanItem.Origin.OFFBOARDING,
                order=template_item.order,
                kind=template_item.kind,
                title=template_item.title,
                description=template_item.description,
                owner=template_item.owner,
                due_date=due,
                policy_id=template_item.policy_id,
                training_id=template_item.training_id,
            )
        )
    PlanItem.objects.bulk_create(created)
    by_template = {item.template_item_id: item for item in created}
    linked = []
    for item in created:
        parent = by_template.get(item.template_item.depends_on_id)
        if parent is not None:
            item.depends_on = parent
            linked.append(item)
    PlanItem.objects.bulk_update(linked, ["depends_on"])
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(item=item, action=PlanItemEvent.Action.ADDED, by=by, note="Offboarding")
        for item in created
    )
    return created


@transaction.atomic
def offboarding_sync_for_employee(*, employee_id: int, by=None) -> None:
    """Make the offboarding checklist match the employee's leaving as it stands now.

    What each leaving event runs (recorded, last day moved, cancelled): it reads the current
    leaving under the plan's lock rather than trusting the event, so events that arrive late,
    twice or out of order end in the same checklist. No leaving (cancelled): every offboarding
    item goes, so nobody is reminded of it again. A leaving not yet ended: missing items are
    added and open items are due again relative to its last day. An ended one is left alone.
    """
    plan = OnboardingPlan.objects.select_for_update().filter(employee_id=employee_id).first()
    leaving = Leaving.objects.filter(employee_id=employee_id).first()
    if leaving is None:
        if plan is not None:
            plan.items.filter(origin=PlanItem.Origin.OFFBOARDING).delete()
        return
    if leaving.access_ended_at is not None:
        return
    employee = Employee.objects.get(pk=employee_id)
    offboarding_create_for_leaver(employee=employee, last_day=leaving.last_day, by=by)
    _offboarding_reschedule(employee=employee, last_day=leaving.last_day, by=by)


def _offboarding_reschedule(*, employee: Employee, last_day: datetime.date, by=None) -> None:
    calendar = WorkingCalendar.company()
    items = (
        PlanItem.objects.open()
        .filter(plan__employee=employee, origin=PlanItem.Origin.OFFBOARDING)
        .select_related("template_item")
    )
    moved = []
    for item in items:
        if item.template_item is not None:
            due = _due(calendar, last_day, item.template_item.due_offset_days)
        else:  # its template item is gone: only keep it from falling after the last day
            due = min(item.due_date, calendar.on_or_before(last_day))
        if due != item.due_date:
            item.due_date = due
            moved.append(item)
    PlanItem.objects.bulk_update(moved, ["due_date"])
    PlanItemEvent.objects.bulk_create(
        PlanItemEvent(
            item=item,
            action=PlanItemEvent.Action.RESCHEDULED,
            by=by,
            note=f"The last day moved to {last_day:%d %b %Y}",
        )
        for item in moved
    )
