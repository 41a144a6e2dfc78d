"""The two reminder kinds, at fixed ("frozen") times passed to the collectors."""

import datetime

import pytest
from django.utils import timezone

from backoffice.notifications.reminders import reminder_kind_get
from backoffice.people.models import Employee
from onboarding.models import ItemOwner
from onboarding.reminders import ITEM_DUE_KIND, TRAINING_EXPIRING_KIND
from tests.factories.onboarding import (
    OnboardingPlanFactory,
    PlanItemFactory,
    TrainingCompletionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 8, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 10)


def _days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def test_items_due_within_two_days_or_overdue_go_to_their_owner(plan, manager, hr_user):
    overdue = PlanItemFactory(plan=plan, title="Late", due_date=_days(-1))
    soon = PlanItemFactory(plan=plan, title="Soon", due_date=_days(2))
    PlanItemFactory(plan=plan, title="Later", due_date=_days(3))
    PlanItemFactory(plan=plan, title="Done", due_date=_days(-5), done_at=NOW)
    manager_item = PlanItemFactory(plan=plan, owner=ItemOwner.MANAGER, due_date=_days(0))
    it_item = PlanItemFactory(plan=plan, owner=ItemOwner.IT, due_date=_days(1))
    gone = OnboardingPlanFactory(employee=EmployeeFactory(status=Employee.Status.LEFT))
    PlanItemFactory(plan=gone, due_date=_days(-1))

    due = list(reminder_kind_get(ITEM_DUE_KIND).collect(NOW))

    by_subject = {}
    for reminder in due:
        by_subject.setdefault(reminder.subject, []).append(reminder)
    assert set(by_subject) == {
        f"onboarding.planitem:{item.pk}" for item in (overdue, soon, manager_item, it_item)
    }
    late = by_subject[f"onboarding.planitem:{overdue.pk}"][0]
    assert late.recipient_id == plan.employee.user_id
    assert late.title == "Overdue: Late"
    assert late.period == "2026-03-10"
    assert late.path == f"/onboarding/items/{overdue.pk}/"
    assert late.employee_id == plan.employee_id
    assert late.due == _days(-1)
    assert by_subject[f"onboarding.planitem:{soon.pk}"][0].title == "Due: Soon"
    assert by_subject[f"onboarding.planitem:{manager_item.pk}"][0].recipient_id == manager.user_id
    assert hr_user.pk in {r.recipient_id for r in by_subject[f"onboarding.planitem:{it_item.pk}"]}


def test_nothing_due_yields_nothing(plan):
    PlanItemFactory(plan=plan, due_date=_days(10))
    assert list(reminder_kind_get(ITEM_DUE_KIND).collect(NOW)) == []


def test_trainings_expiring_within_30_days_or_expired():
    module = TrainingModuleFactory(title="CRM", validity_months=12)
    employee = EmployeeFactory()
    long_ago = timezone.make_aware(datetime.datetime(2025, 1, 1))
    expiring = TrainingCompletionFactory(
        employee=employee, module=module, completed_at=long_ago, expires_on=_days(30)
    )
    other = EmployeeFactory()
    expired = TrainingCompletionFactory(
        employee=other, module=module, completed_at=long_ago, expires_on=_days(-1)
    )
    TrainingCompletionFactory(module=module, completed_at=long_ago, expires_on=_days(31))
    retaken = EmployeeFactory()
    TrainingCompletionFactory(
        employee=retaken, module=module, completed_at=long_ago, expires_on=_days(5)
    )
    TrainingCompletionFactory(
        employee=retaken, module=module, completed_at=NOW, expires_on=_days(365)
    )

    due = list(reminder_kind_get(TRAINING_EXPIRING_KIND).collect(NOW))

    assert {r.subject for r in due} == {
        f"onboarding.trainingcompletion:{expiring.pk}",
        f"onboarding.trainingcompletion:{expired.pk}",
    }
    by_recipient = {r.recipient_id: r for r in due}
    assert by_recipient[employee.user_id].title == "CRM expires on 09 Apr 2026"
    assert by_recipient[employee.user_id].period == "expiring"
    assert by_recipient[other.user_id].title == "CRM expired on 09 Mar 2026"
    assert by_recipient[other.user_id].period == "expired"
    assert by_recipient[other.user_id].employee_id == other.pk


def test_both_kinds_are_registered_as_required():
    for key in (ITEM_DUE_KIND, TRAINING_EXPIRING_KIND):
        assert reminder_kind_get(key).required


def _team_items(manager, count: int) -> None:
    for n in range(count):
        hire = EmployeeFactory(manager=manager, user__first_name=f"Hire{n}", user__last_name="Doe")
        hire_plan = OnboardingPlanFactory(employee=hire)
        PlanItemFactory(plan=hire_plan, owner=ItemOwner.MANAGER, due_date=_days(-1))
        PlanItemFactory(plan=hire_plan, owner=ItemOwner.HR, due_date=_days(0))
        PlanItemFactory(plan=hire_plan, owner=ItemOwner.NEW_HIRE, due_date=_days(1))


@pytest.mark.parametrize("hires", [2, 8])
def test_items_due_cost_the_same_queries_however_many(
    manager, hr_user, hires, django_assert_max_num_queries
):
    _team_items(manager, hires)
    # The items with their people, and HR's members: never a query per item.
    with django_assert_max_num_queries(2):
        due = list(reminder_kind_get(ITEM_DUE_KIND).collect(NOW))
    assert len({reminder.subject for reminder in due}) == 3 * hires


def test_an_item_for_someone_else_names_the_new_hire(manager, hr_user):
    _team_items(manager, 1)
    titles = {
        reminder.recipient_id: reminder.title
        for reminder in reminder_kind_get(ITEM_DUE_KIND).collect(NOW)
    }
    hire = Employee.objects.get(user__first_name="Hire0")
    assert titles[manager.user_id].startswith("Overdue: ")
    assert titles[manager.user_id].endswith(" (Hire0 Doe)")
    assert titles[hr_user.pk].startswith("Due: ")
    assert titles[hr_user.pk].endswith(" (Hire0 Doe)")
    assert not titles[hire.user_id].endswith(")")  # their own item
