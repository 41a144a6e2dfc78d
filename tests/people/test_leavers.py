import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.models import OutboxEvent
from backoffice.notifications.services.outbox import outbox_events_process
from backoffice.people.models import Employee, ExitAnswer, Leaving, LeavingReason
from backoffice.people.roles import Role
from backoffice.people.selectors import exit_link_token
from backoffice.people.services import (
    exit_answer_submit,
    leavers_access_end_due,
    leaving_record,
)
from onboarding.models import ItemOwner, PlanItem
from tests.factories.people import PASSWORD, EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "main_reason": "A shorter commute",
    "manager_support": 4,
    "growth": 2,
    "would_recommend": True,
    "could_have_kept_you": "Remote days",
}


@pytest.fixture
def hr():
    return UserFactory(roles=[Role.HR])


@pytest.fixture
def reason():
    return LeavingReason.objects.get(name="Relocation")


def _record(employee, hr, reason, last_day=None, **extra):
    return leaving_record(
        employee=employee,
        last_day=last_day or timezone.localdate() + datetime.timedelta(days=14),
        is_voluntary=True,
        reason=reason,
        by=hr,
        **extra,
    )


def test_reasons_are_seeded_and_hr_editable():
    assert LeavingReason.objects.filter(is_voluntary=False, name="Redundancy or restructuring")


def test_record_moves_status_and_writes_the_event(hr, reason):
    employee = EmployeeFactory()
    leaving = _record(employee, hr, reason, is_regrettable=True)
    employee.refresh_from_db()
    assert employee.status == Employee.Status.LEAVING
    assert leaving.is_regrettable
    assert leaving.recorded_by == hr
    # One row per handler (onboarding's, the reports' refresh, ...), one event: the same key.
    events = OutboxEvent.objects.filter(name="employee_leaving")
    assert events.values("key").distinct().count() == 1
    event = events.first()
    assert event.payload["employee_id"] == employee.pk
    assert event.key == f"people.employee_leaving:{leaving.pk}"


def test_only_hr_records_once_and_not_before_start(hr, reason):
    employee = EmployeeFactory()
    with pytest.raises(PermissionDenied):
        _record(employee, employee.user, reason)
    with pytest.raises(DomainError):
        _record(employee, hr, reason, last_day=employee.start_date - datetime.timedelta(days=1))
    _record(employee, hr, reason)
    with pytest.raises(DomainError, match="already"):
        _record(employee, hr, reason)


def test_retired_reason_is_refused(hr, reason):
    reason.is_active = False
    reason.save()
    with pytest.raises(DomainError):
        _record(EmployeeFactory(), hr, reason)


def test_offboarding_checklist_from_the_event_before_the_last_day(hr, reason):
    employee = EmployeeFactory()
    last_day = datetime.date(2027, 3, 12)  # a Friday
    _record(employee, hr, reason, last_day=last_day)
    outbox_events_process(key=f"people.employee_leaving:{employee.leaving.pk}")
    outbox_events_process(key=f"people.employee_leaving:{employee.leaving.pk}")  # idempotent
    items = list(PlanItem.objects.filter(plan__employee=employee))
    assert len(items) == 5
    assert all(item.origin == PlanItem.Origin.OFFBOARDING for item in items)
    assert all(item.due_date <= last_day for item in items)
    assert {item.owner for item in items} >= {ItemOwner.IT, ItemOwner.HR, ItemOwner.MANAGER}
    # Due dates fall on working days.
    assert all(item.due_date.weekday() < 5 for item in items)


def test_access_ends_after_the_last_day_with_sessions(client, hr, reason):
    employee = EmployeeFactory()
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    leaving = _record(employee, hr, reason, last_day=last_day)
    client.force_login(employee.user)
    assert Session.objects.count() == 1
    assert leavers_access_end_due(today=last_day) == 0  # still their last day
    assert leavers_access_end_due(today=last_day + datetime.timedelta(days=1)) == 1
    employee.refresh_from_db()
    employee.user.refresh_from_db()
    leaving.refresh_from_db()
    assert employee.status == Employee.Status.LEFT
    assert not employee.user.is_active
    assert leaving.access_ended_at is not None
    assert Session.objects.count() == 0
    assert client.get(reverse("home")).status_code == 302  # back to sign-in
    assert not client.login(email=employee.user.email, password=PASSWORD)
    assert leavers_access_end_due(today=last_day + datetime.timedelta(days=2)) == 0


def test_exit_questionnaire_own_account_once_and_closed_after_last_day(client, hr, reason):
    employee = EmployeeFactory()
    last_day = timezone.localdate() + datetime.timedelta(days=2)
    leaving = _record(employee, hr, reason, last_day=last_day)
    client.force_login(employee.user)
    url = reverse("people:exit")
    assert client.get(url).status_code == 200
    data = {**ANSWERS, "would_recommend": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert ExitAnswer.objects.get(leaving=leaving).main_reason == "A shorter commute"
    assert b"closed" in client.get(url).content
    with pytest.raises(DomainError):
        exit_answer_submit(leaving=leaving, answers=ANSWERS)


def test_exit_questionnaire_through_the_signed_link(client, hr, reason):
    employee = EmployeeFactory()
    leaving = _record(employee, hr, reason)
    url = reverse("people:exit_link", args=[exit_link_token(leaving)])
    assert client.get(url).status_code == 200
    client.post(url, {**ANSWERS, "would_recommend": "0"})
    assert ExitAnswer.objects.get(leaving=leaving).would_recommend is False
    assert client.get(reverse("people:exit_link", args=["forged"])).status_code == 404


def test_exit_questionnaire_closes_after_the_last_day(client, hr, reason):
    employee = EmployeeFactory()
    last_day = timezone.localdate() + datetime.timedelta(days=1)
    leaving = _record(employee, hr, reason, last_day=last_day)
    url = reverse("people:exit_link", args=[exit_link_token(leaving)])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert b"closed" in client.get(url).content
        client.post(url, {**ANSWERS, "would_recommend": "1"})
    assert not ExitAnswer.objects.exists()


def test_exit_answers_are_hr_only(client, hr, reason):
    manager = EmployeeFactory()
    employee = EmployeeFactory(manager=manager)
    manager.user.groups.add(*UserFactory(roles=[Role.HIRING_MANAGER]).groups.all())
    leaving = _record(employee, hr, reason, notes="hr-private-note-7c1")
    exit_answer_submit(leaving=leaving, answers={**ANSWERS, "main_reason": "secret-reason-4e2"})
    url = reverse("people:leaver", args=[leaving.pk])
    client.force_login(hr)
    page = client.get(url).content.decode()
    assert "secret-reason-4e2" in page
    assert "hr-private-note-7c1" in page
    client.force_login(manager.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "secret-reason-4e2" not in response.content.decode()
    assert "hr-private-note-7c1" not in response.content.decode()
    client.force_login(employee.user)
    assert client.get(url).status_code == 404
    client.force_login(EmployeeFactory().user)
    assert client.get(url).status_code == 404


def test_hr_records_a_leaver_through_the_page(client, hr, reason):
    employee = EmployeeFactory()
    client.force_login(hr)
    assert client.get(reverse("people:leaver_new")).status_code == 200
    response = client.post(
        reverse("people:leaver_new"),
        {
            "employee": employee.pk,
            "last_day": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "reason": reason.pk,
            "is_voluntary": "0",
            "is_rehire_eligible": "on",
        },
    )
    leaving = Leaving.objects.get(employee=employee)
    assert response.status_code == 302
    assert not leaving.is_voluntary
    assert leaving.is_rehire_eligible
    assert not leaving.is_regrettable
    client.force_login(employee.user)
    assert client.get(reverse("people:leaver_new")).status_code == 403
