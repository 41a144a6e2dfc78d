"""HR changes a recorded leaving before the last day ends: moves the last day, or cancels it
(the person stays). One write path each (people services); onboarding follows on the events."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.services.outbox import outbox_events_process
from backoffice.people.models import Employee, ExitAnswer, Leaving, LeavingReason
from backoffice.people.roles import Role
from backoffice.people.selectors import exit_link_token
from backoffice.people.services import (
    leavers_access_end_due,
    leaving_cancel,
    leaving_last_day_change,
    leaving_record,
)
from onboarding.models import PlanItem, PlanItemEvent
from onboarding.reminders import onboarding_items_due
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)  # a Monday


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.HR])


def _record(employee, hr, last_day=TODAY + datetime.timedelta(days=18), **extra):
    return leaving_record(
        employee=employee,
        last_day=last_day,
        is_voluntary=True,
        reason=LeavingReason.objects.get(name="Relocation"),
        by=hr,
        **extra,
    )


def _offboarding(employee):
    return PlanItem.objects.filter(plan__employee=employee, origin=PlanItem.Origin.OFFBOARDING)


def _reminded_subjects(day):
    now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return {item.subject for item in onboarding_items_due(now)}


def test_cancel_restores_the_status_and_removes_the_checklist_and_its_reminders(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    outbox_events_process()
    items = list(_offboarding(employee))
    assert items
    subjects = {f"onboarding.planitem:{item.pk}" for item in items}
    last_day = leaving.last_day
    assert subjects <= _reminded_subjects(last_day)  # the owners are reminded before

    leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE
    assert not Leaving.objects.filter(pk=leaving.pk).exists()
    # Who cancelled it is in the audit trail.
    deleted = Leaving.history.filter(id=leaving.pk, history_type="-").get()
    assert deleted.history_user == hr

    outbox_events_process()
    assert not _offboarding(employee).exists()
    assert not subjects & _reminded_subjects(last_day)
    # The sweep that ends access after the last day does not see them.
    assert leavers_access_end_due(today=last_day + datetime.timedelta(days=1)) == 0
    employee.user.refresh_from_db()
    assert employee.user.is_active
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE


def test_cancel_gives_back_the_status_before_the_leaving(hr):
    employee = EmployeeFactory(status=Employee.Status.PRE_START)
    leaving = _record(employee, hr)
    assert leaving.status_before == Employee.Status.PRE_START
    leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    employee.refresh_from_db()
    assert employee.status == Employee.Status.PRE_START


def test_the_exit_questionnaire_closes_with_the_cancel(client, hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr, last_day=timezone.localdate() + datetime.timedelta(days=5))
    link = reverse("people:exit_link", args=[exit_link_token(leaving)])
    assert client.get(link).status_code == 200
    ExitAnswer.objects.create(
        leaving=leaving, main_reason="Commute", manager_support=3, growth=3, would_recommend=True
    )
    leaving_cancel(leaving=leaving, by=hr)
    assert client.get(link).status_code == 404
    assert not ExitAnswer.objects.exists()  # a person who stays has no exit answers on file
    client.force_login(employee.user)
    assert client.get(reverse("people:exit")).status_code == 404


def test_only_hr_cancels_only_before_the_end_and_only_once(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    manager = UserFactory(roles=[Role.HIRING_MANAGER])
    with pytest.raises(PermissionDenied):
        leaving_cancel(leaving=leaving, by=manager, today=TODAY)
    with pytest.raises(DomainError, match="already left"):
        leaving_cancel(leaving=leaving, by=hr, today=leaving.last_day + datetime.timedelta(days=1))
    leaving_cancel(leaving=leaving, by=hr, today=leaving.last_day)  # the last day itself: yes
    with pytest.raises(DomainError, match="no longer recorded"):
        leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE


def test_a_leaver_whose_access_ended_cannot_be_cancelled(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    leavers_access_end_due(today=leaving.last_day + datetime.timedelta(days=1))
    with pytest.raises(DomainError):
        leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    employee.refresh_from_db()
    assert employee.status == Employee.Status.LEFT


def test_cancel_then_record_again_makes_a_fresh_checklist(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    outbox_events_process()
    count = _offboarding(employee).count()
    leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    outbox_events_process()
    again = _record(employee, hr, last_day=TODAY + datetime.timedelta(days=30))
    outbox_events_process()
    assert _offboarding(employee).count() == count
    assert all(item.due_date <= again.last_day for item in _offboarding(employee))


def test_events_out_of_order_end_with_no_checklist_for_a_cancelled_leaving(hr):
    """The record's handler runs after the cancel's (a retry): it finds no leaving."""
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    leaving_cancel(leaving=leaving, by=hr, today=TODAY)
    outbox_events_process(key=f"people.employee_leaving_cancelled:{leaving.pk}")
    outbox_events_process(key=f"people.employee_leaving:{leaving.pk}")
    assert not _offboarding(employee).exists()


def test_moving_the_last_day_moves_the_open_due_dates(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr, last_day=datetime.date(2027, 3, 19))  # a Friday
    outbox_events_process()
    before = {item.pk: item.due_date for item in _offboarding(employee)}
    done = _offboarding(employee).first()
    done.done_at = timezone.now()
    done.save()

    later = datetime.date(2027, 4, 16)  # four weeks later, also a Friday
    leaving_last_day_change(leaving=leaving, last_day=later, by=hr, today=TODAY)
    leaving.refresh_from_db()
    assert leaving.last_day == later
    outbox_events_process()
    after = {item.pk: item.due_date for item in _offboarding(employee)}
    assert after[done.pk] == before[done.pk]  # done work keeps its date
    for pk, due in after.items():
        if pk != done.pk:
            assert due == before[pk] + datetime.timedelta(days=28)
            assert due <= later
    assert PlanItemEvent.objects.filter(action=PlanItemEvent.Action.RESCHEDULED).count() == (
        len(after) - 1
    )
    # Access now ends after the new day, not the old one.
    assert leavers_access_end_due(today=datetime.date(2027, 3, 20)) == 0
    assert leavers_access_end_due(today=later + datetime.timedelta(days=1)) == 1


def test_move_back_and_forth_ends_on_the_last_day_set(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr, last_day=datetime.date(2027, 3, 19))
    outbox_events_process()
    first = {item.pk: item.due_date for item in _offboarding(employee)}
    for day in (datetime.date(2027, 4, 16), datetime.date(2027, 3, 19)):
        leaving_last_day_change(leaving=leaving, last_day=day, by=hr, today=TODAY)
    outbox_events_process()
    assert {item.pk: item.due_date for item in _offboarding(employee)} == first


def test_last_day_rules(hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE, start_date=TODAY)
    leaving = _record(employee, hr)
    with pytest.raises(DomainError, match="past"):
        leaving_last_day_change(
            leaving=leaving, last_day=TODAY - datetime.timedelta(days=1), by=hr, today=TODAY
        )
    with pytest.raises(PermissionDenied):
        leaving_last_day_change(leaving=leaving, last_day=TODAY, by=employee.user, today=TODAY)
    # The same day again (a double submit) writes nothing, not even an event.
    from backoffice.notifications.models import OutboxEvent

    events = OutboxEvent.objects.count()
    leaving_last_day_change(leaving=leaving, last_day=leaving.last_day, by=hr, today=TODAY)
    assert OutboxEvent.objects.count() == events


# --- The pages --------------------------------------------------------------------------------


def test_hr_cancels_from_the_page_and_a_second_submit_is_harmless(client_for, hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr, last_day=timezone.localdate() + datetime.timedelta(days=9))
    client = client_for(hr)
    detail = client.get(reverse("people:leaver", args=[leaving.pk]))
    assert b"Cancel the leaving" in detail.content
    url = reverse("people:leaver_cancel", args=[leaving.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"removes their offboarding checklist" in page.content
    assert b"answers they gave" not in page.content  # none given yet
    first = client.post(url)
    assert first.status_code == 302
    assert first.url == reverse("people:leavers")
    second = client.post(url, follow=True)
    assert second.status_code == 200
    assert b"no longer recorded" in second.content
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE


def test_hr_moves_the_last_day_from_the_page(client_for, hr):
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr, last_day=timezone.localdate() + datetime.timedelta(days=9))
    client = client_for(hr)
    url = reverse("people:leaver_last_day", args=[leaving.pk])
    new_day = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(url, {"last_day": new_day.isoformat()}, follow=True)
    assert response.status_code == 200
    assert b"The last day is now" in response.content
    leaving.refresh_from_db()
    assert leaving.last_day == new_day
    bad = client.post(url, {"last_day": "yesterday"}, follow=True)
    assert b"Enter the new last day as a date." in bad.content
    past = client.post(url, {"last_day": "2001-01-01"}, follow=True)
    assert b"cannot be in the past" in past.content
    leaving.refresh_from_db()
    assert leaving.last_day == new_day
    assert client.get(url).status_code == 405


def test_a_manager_sees_the_leaving_but_cannot_change_it(client_for, hr):
    manager = EmployeeFactory(user__roles=[Role.HIRING_MANAGER])
    employee = EmployeeFactory(status=Employee.Status.ACTIVE, manager=manager)
    leaving = _record(employee, hr, last_day=timezone.localdate() + datetime.timedelta(days=9))
    client = client_for(manager.user)
    detail = client.get(reverse("people:leaver", args=[leaving.pk]))
    assert detail.status_code == 200
    assert b"Cancel the leaving" not in detail.content
    cancel = reverse("people:leaver_cancel", args=[leaving.pk])
    assert client.post(cancel).status_code == 403
    move = reverse("people:leaver_last_day", args=[leaving.pk])
    assert client.post(move, {"last_day": "2099-01-01"}).status_code == 403
    assert Leaving.objects.filter(pk=leaving.pk, last_day=leaving.last_day).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_cancels_at_once_cancel_once():
    import threading

    from django.db import connection

    hr = UserFactory(roles=[Role.HR])
    employee = EmployeeFactory(status=Employee.Status.ACTIVE)
    leaving = _record(employee, hr)
    barrier = threading.Barrier(2)
    results: list[object] = [None, None]

    def run(index: int) -> None:
        try:
            mine = Leaving.objects.get(pk=leaving.pk)
            barrier.wait(timeout=10)
            results[index] = leaving_cancel(leaving=mine, by=hr, today=TODAY)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sum(isinstance(r, Employee) for r in results) == 1, results
    assert sum(isinstance(r, DomainError) for r in results) == 1, results
    from backoffice.notifications.models import OutboxEvent

    cancelled = OutboxEvent.objects.filter(name="employee_leaving_cancelled")
    assert cancelled.values("key").distinct().count() == 1  # one row per handler, one event
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE
