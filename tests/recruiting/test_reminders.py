import datetime

import pytest

from backoffice.notifications.reminders import reminder_kind_get
from recruiting import services
from recruiting.models import Requisition
from tests.factories.recruiting import RequisitionFactory

pytestmark = pytest.mark.django_db

KIND = "recruiting.requisition_awaiting_approval"
SUBMITTED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _submitted(hiring_manager, at=SUBMITTED):
    requisition = RequisitionFactory(
        hiring_manager=hiring_manager, status=Requisition.Status.DRAFT, opened_at=None
    )
    event = services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.PENDING_APPROVAL, by=hiring_manager
    )
    event.at = at
    event.save(update_fields=["at"])
    return requisition


def _collect(now):
    return list(reminder_kind_get(KIND).collect(now))


def test_nothing_is_due_before_two_days(hiring_manager, hr_user):
    _submitted(hiring_manager)
    assert _collect(SUBMITTED + datetime.timedelta(days=1, hours=23)) == []


def test_due_after_two_days_to_every_hr_user(hiring_manager, hr_user):
    requisition = _submitted(hiring_manager)
    [item] = _collect(SUBMITTED + datetime.timedelta(days=2, minutes=1))
    assert item.recipient_id == hr_user.pk
    assert item.kind == KIND
    assert item.subject == f"recruiting.requisition:{requisition.pk}"
    assert item.period == "2026-03-02"
    assert item.path == f"/admin/recruiting/requisition/{requisition.pk}/change/"
    assert item.due == datetime.date(2026, 3, 4)
    assert "waiting 2 days" in item.title


def test_approved_requisitions_are_not_reminded(hiring_manager, hr_user):
    requisition = _submitted(hiring_manager)
    services.requisition_approve(requisition=requisition, by=hr_user)
    assert _collect(SUBMITTED + datetime.timedelta(days=5)) == []


def test_a_resubmission_is_a_new_period(hiring_manager, hr_user):
    requisition = _submitted(hiring_manager)
    services.requisition_send_back(requisition=requisition, by=hr_user, comment="Fix salary")
    event = services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.PENDING_APPROVAL, by=hiring_manager
    )
    event.at = SUBMITTED + datetime.timedelta(days=3)
    event.save(update_fields=["at"])
    assert _collect(SUBMITTED + datetime.timedelta(days=4)) == []
    [item] = _collect(SUBMITTED + datetime.timedelta(days=5, hours=1))
    assert item.period == "2026-03-05"
