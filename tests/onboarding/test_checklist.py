"""A calm checklist: the new hire's own items first, others' work apart, one heading a period."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding import selectors, services
from onboarding.models import ItemKind, ItemOwner, PlanItem
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory, PolicyFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db
LANDING = reverse("onboarding:landing")


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_others_work_is_apart_and_never_my_overdue(client_for, plan):
    PlanItemFactory(plan=plan, title="Bring your passport", due_date=_days(1))
    PlanItemFactory(plan=plan, title="Order the laptop", owner=ItemOwner.IT, due_date=_days(-3))
    PlanItemFactory(
        plan=plan, title="Plan the first week", owner=ItemOwner.MANAGER, due_date=_days(-1)
    )
    html = client_for(plan.employee.user).get(LANDING).content.decode()
    mine, others = html.split("Others are preparing")
    assert "Bring your passport" in mine
    assert "Order the laptop" in others
    assert "Plan the first week" in others
    assert "onboarding-overdue" not in html
    assert "overdue" not in others.lower()
    assert "item overdue" not in html
    assert "0 of 1" in mine  # progress counts only my own items


def test_a_never_accepted_policy_is_to_read_and_a_new_version_says_so(client_for, plan, hr_user):
    read_before = PolicyFactory(title="Code of conduct")
    never = PolicyFactory(title="Data protection")
    for policy in (read_before, never):
        services.policy_publish_version(
            policy=policy, body="Rules", effective_date=timezone.localdate(), by=hr_user
        )
    first = PlanItem.objects.get(plan=plan, policy=read_before)
    services.item_complete(item=first, by=plan.employee.user, accept_version=1)
    services.policy_publish_version(
        policy=read_before, body="New rules", effective_date=timezone.localdate(), by=hr_user
    )
    html = client_for(plan.employee.user).get(LANDING).content.decode()
    new_version_row = html[html.index("Read and accept: Code of conduct", html.index("Done ")) :]
    assert "New version" in new_version_row.split("</li>")[0]
    data_row = html[html.index("Read and accept: Data protection") :].split("</li>")[0]
    assert "To read" in data_row
    assert "New version" not in data_row


def test_one_heading_per_period_with_done_and_due_dates(client_for):
    start = timezone.localdate() - datetime.timedelta(days=3)
    employee = EmployeeFactory(start_date=start)
    plan = OnboardingPlanFactory(employee=employee)
    for offset in (-20, -10, -5):
        PlanItemFactory(
            plan=plan, title=f"Before {offset}", due_date=start + datetime.timedelta(offset)
        )
    PlanItemFactory(plan=plan, title="Day two", due_date=start + datetime.timedelta(1))
    done = PlanItemFactory(
        plan=plan,
        title="Done early",
        due_date=start + datetime.timedelta(2),
        done_at=timezone.now(),
    )
    PlanItemFactory(plan=plan, title="Week three", due_date=start + datetime.timedelta(15))
    PlanItemFactory(plan=plan, title="Much later", due_date=start + datetime.timedelta(200))
    html = client_for(employee.user).get(LANDING).content.decode()
    assert html.count("Before you start") == 1
    assert html.count("Your first week") == 1
    assert "Week 3 · from" in html
    later = start + datetime.timedelta(200)
    assert f"{later:%B %Y}" in html
    assert f"Done {timezone.localtime(done.done_at):%-d %b %Y}" in html
    assert "Due " in html


def test_my_onboarding_reads_a_fixed_number_of_queries(django_assert_max_num_queries, plan):
    for index in range(15):
        PlanItemFactory(plan=plan, due_date=_days(index))
        PlanItemFactory(plan=plan, owner=ItemOwner.MANAGER, due_date=_days(index))
    PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=PolicyFactory(published=True))
    with django_assert_max_num_queries(3):
        my = selectors.my_onboarding(plan.employee)
    assert len(my.others) == 15
    assert sum(len(period.items) for period in my.periods) == 16
