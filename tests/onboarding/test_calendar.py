"""Due dates on the company's working days, at a frozen time (backoffice/core/calendar.py)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar
from backoffice.people.models import CompanyClosure, Employee
from onboarding import services
from onboarding.models import ItemOwner, PlanItem
from tests.factories.onboarding import (
    ChecklistTemplateFactory,
    PolicyFactory,
    TemplateItemFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db

# 2026: Good Friday is 3 April, Easter Monday 6 April (England); Scotland keeps 2 January.
MONDAY_30_MARCH = datetime.date(2026, 3, 30)
TUESDAY_7_APRIL = datetime.date(2026, 4, 7)


@pytest.fixture(autouse=True)
def _england(settings):
    settings.REMINDER_WORKING_DAYS = frozenset({1, 2, 3, 4, 5})
    settings.HOLIDAYS_COUNTRY = "GB"
    settings.HOLIDAYS_SUBDIVISION = "ENG"


@pytest.fixture
def frozen_in_march():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _hire_starting(start: datetime.date, *offsets: int) -> dict[int, datetime.date]:
    employee = EmployeeFactory(status=Employee.Status.PRE_START, start_date=start)
    template = ChecklistTemplateFactory()
    for offset in offsets:
        TemplateItemFactory(template=template, title=f"day {offset}", due_offset_days=offset)
    plan = services.plan_create_for_employee(employee=employee)
    return {int(item.title.split()[1]): item.due_date for item in plan.items.all()}


def test_day_5_after_a_weekend_and_easter_monday_lands_on_tuesday(frozen_in_march):
    # Day 5 of a hire starting Monday 30 March is Saturday 4 April; Sunday and Easter Monday
    # are not working days either.
    due = _hire_starting(MONDAY_30_MARCH, 5)
    assert due[5] == TUESDAY_7_APRIL


def test_day_5_on_a_plain_weekend_lands_on_monday(frozen_in_march):
    due = _hire_starting(datetime.date(2026, 3, 2), 5, 2)
    assert due[5] == datetime.date(2026, 3, 9)  # Saturday 7 March → Monday 9 March
    assert due[2] == datetime.date(2026, 3, 4)  # a working day stays as it is


def test_without_a_country_easter_monday_is_a_working_day(settings, frozen_in_march):
    settings.HOLIDAYS_COUNTRY = settings.HOLIDAYS_SUBDIVISION = ""
    assert _hire_starting(MONDAY_30_MARCH, 5)[5] == datetime.date(2026, 4, 6)


def test_work_due_before_day_one_moves_earlier_past_the_holiday(frozen_in_march):
    # Day -1 before Tuesday 7 April is Easter Monday; the weekend and Good Friday come before.
    assert _hire_starting(TUESDAY_7_APRIL, -1)[-1] == datetime.date(2026, 4, 2)


def test_a_company_closure_is_not_a_working_day(frozen_in_march):
    CompanyClosure.objects.create(
        name="Office move", first_day=TUESDAY_7_APRIL, last_day=datetime.date(2026, 4, 8)
    )
    assert _hire_starting(MONDAY_30_MARCH, 5)[5] == datetime.date(2026, 4, 9)


def test_the_region_decides_regional_holidays(settings):
    start = datetime.date(2025, 12, 29)  # a Monday; day 4 is Friday 2 January
    england = WorkingCalendar.from_settings()
    assert england.due_date(start, 4) == datetime.date(2026, 1, 2)
    settings.HOLIDAYS_SUBDIVISION = "SCT"
    scotland = WorkingCalendar.from_settings()
    assert scotland.day_off_reason(datetime.date(2026, 1, 2)) == "New Year Holiday"
    assert scotland.due_date(start, 4) == datetime.date(2026, 1, 5)


def test_working_days_between_skips_weekends_holidays_and_closures():
    calendar = WorkingCalendar.from_settings(
        closures=[(datetime.date(2026, 4, 9), datetime.date(2026, 4, 9))]
    )
    thursday = datetime.date(2026, 4, 2)
    assert calendar.working_days_between(thursday, datetime.date(2026, 4, 10)) == 3
    assert calendar.working_days_between(thursday, thursday) == 0


def test_a_new_policy_version_is_due_on_a_working_day(hr_user):
    with time_machine.travel(datetime.datetime(2026, 3, 23, 9, tzinfo=datetime.UTC), tick=False):
        EmployeeFactory()
        policy = PolicyFactory()
        services.policy_publish_version(
            policy=policy, body="Text", effective_date=timezone.localdate(), by=hr_user
        )
    # 23 March + 14 days is Easter Monday: the item is due the day after.
    due_dates = set(PlanItem.objects.filter(policy=policy).values_list("due_date", flat=True))
    assert due_dates == {TUESDAY_7_APRIL}


def test_a_manager_item_follows_the_same_calendar(frozen_in_march):
    employee = EmployeeFactory(status=Employee.Status.PRE_START, start_date=MONDAY_30_MARCH)
    TemplateItemFactory(owner=ItemOwner.MANAGER, due_offset_days=5)
    plan = services.plan_create_for_employee(employee=employee)
    assert plan.items.get().due_date == TUESDAY_7_APRIL


def test_a_recertification_is_due_on_the_last_working_day_before_expiry():
    from tests.factories.onboarding import TrainingCompletionFactory, TrainingModuleFactory

    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        TrainingCompletionFactory(
            module=TrainingModuleFactory(), expires_on=datetime.date(2026, 4, 6)
        )  # Easter Monday
        assert services.recertification_items_create() == 1
    item = PlanItem.objects.get(origin=PlanItem.Origin.RECERTIFICATION)
    assert item.due_date == datetime.date(2026, 4, 2)  # Thursday, before Good Friday


@pytest.mark.parametrize(
    ("country", "region", "expected"),
    [("", "", ("", "")), ("gb", "sct", ("GB", "SCT")), ("DE", "", ("DE", ""))],
)
def test_the_country_and_region_come_from_the_environment(monkeypatch, country, region, expected):
    from backoffice.env import env_holidays

    monkeypatch.setenv("HOLIDAYS_COUNTRY", country)
    monkeypatch.setenv("HOLIDAYS_SUBDIVISION", region)
    assert env_holidays("HOLIDAYS_COUNTRY", "HOLIDAYS_SUBDIVISION") == expected


@pytest.mark.parametrize(
    ("country", "region", "message"),
    [("XX", "", "HOLIDAYS_COUNTRY='XX'"), ("GB", "ZZ", "not a subdivision of GB"),
     ("", "SCT", "HOLIDAYS_SUBDIVISION is set but HOLIDAYS_COUNTRY is not")],
)  # fmt: skip
def test_a_bad_country_or_region_stops_start_up(monkeypatch, country, region, message):
    from django.core.exceptions import ImproperlyConfigured

    from backoffice.env import env_holidays

    monkeypatch.setenv("HOLIDAYS_COUNTRY", country)
    monkeypatch.setenv("HOLIDAYS_SUBDIVISION", region)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_holidays("HOLIDAYS_COUNTRY", "HOLIDAYS_SUBDIVISION")
