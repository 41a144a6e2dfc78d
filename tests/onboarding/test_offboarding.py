"""Offboarding checklists: made from offboarding templates on the employee_leaving event, due
before the last day on working days, and reminded through the ledger like onboarding items."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from backoffice.notifications.services.outbox import outbox_events_process
from backoffice.people.models import LeavingReason
from backoffice.people.services import leaving_record
from onboarding.models import ChecklistTemplate, ItemOwner, PlanItem, TemplateItem
from onboarding.reminders import onboarding_items_due
from onboarding.services import plan_create_for_employee
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _leave(employee, last_day):
    leaving_record(
        employee=employee,
        last_day=last_day,
        is_voluntary=True,
        reason=LeavingReason.objects.get(name="Relocation"),
        by=UserFactory(roles=["HR"]),
    )
    outbox_events_process(key=f"people.employee_leaving:{employee.leaving.pk}")


def test_offboarding_templates_never_reach_a_new_hires_plan():
    plan = plan_create_for_employee(employee=EmployeeFactory())
    assert not plan.items.filter(title="Revoke accounts and access").exists()


def test_items_are_due_before_the_last_day_moved_onto_working_days():
    template = ChecklistTemplate.objects.create(
        name="Finance leavers", purpose=ChecklistTemplate.Purpose.OFFBOARDING
    )
    TemplateItem.objects.create(template=template, title="Saturday item", due_offset_days=-6)
    TemplateItem.objects.create(template=template, title="After the end", due_offset_days=3)
    employee = EmployeeFactory()
    _leave(employee, datetime.date(2027, 3, 12))  # a Friday; -6 days is a Saturday
    items = {item.title: item for item in PlanItem.objects.filter(plan__employee=employee)}
    assert items["Saturday item"].due_date == datetime.date(2027, 3, 5)  # the Friday before
    assert items["After the end"].due_date == datetime.date(2027, 3, 15)  # a later offset stays
    assert items["Revoke accounts and access"].owner == ItemOwner.IT
    assert items["Revoke accounts and access"].due_date == datetime.date(2027, 3, 12)


def test_offboarding_items_are_reminded_to_their_owners():
    it_member = UserFactory(roles=["IT"])
    manager = EmployeeFactory()
    employee = EmployeeFactory(manager=manager)
    today = timezone.localdate()
    _leave(employee, today + datetime.timedelta(days=1))
    now = timezone.now()
    due = list(onboarding_items_due(now))
    titles = {(item.recipient_id, item.title.split(" (")[0]) for item in due}
    assert (it_member.pk, "Due: Revoke accounts and access") in titles
    assert any(
        recipient == manager.user_id and title.startswith(("Due", "Overdue"))
        for recipient, title in titles
    )


def test_the_access_end_sweep_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["people-leavers-access-end"]
    assert entry["task"] == "backoffice.people.tasks.leavers_access_end_task"
