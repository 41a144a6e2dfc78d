import datetime

import pytest
import time_machine
from django.utils import timezone

from backoffice.notifications.reminders import reminder_kind_get
from recruiting import services
from recruiting.models import Interview, Requisition
from recruiting.services import offers as offer_services
from recruiting.services import scorecards as scorecard_services
from tests.factories.recruiting import OfferFactory, RequisitionFactory

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


START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _collect_kind(key, now):
    return list(reminder_kind_get(key).collect(now))


def test_scorecard_reminder_after_24_hours_to_who_has_not_submitted(
    interview, interviewer, second_interviewer, scorecard_template, ratings
):
    Interview.objects.filter(pk=interview.pk).update(starts_at=START)
    key = "recruiting.scorecard_not_submitted"
    with time_machine.travel(START + datetime.timedelta(hours=2), tick=False):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=interviewer,
            ratings=ratings(scorecard_template),
            recommendation="yes",
            submit=True,
        )
    assert _collect_kind(key, START + datetime.timedelta(hours=23)) == []
    [item] = _collect_kind(key, START + datetime.timedelta(hours=24, minutes=1))
    assert item.recipient_id == second_interviewer.pk
    assert item.subject == f"recruiting.interview:{interview.pk}"
    assert item.path.endswith(f"/interviews/{interview.pk}/scorecard/")


def test_a_cancelled_interview_needs_no_scorecard(interview):
    Interview.objects.filter(pk=interview.pk).update(starts_at=START, cancelled_at=START)
    assert (
        _collect_kind("recruiting.scorecard_not_submitted", START + datetime.timedelta(days=3))
        == []
    )


def test_offer_expiry_reminder_to_the_hiring_manager(requisition, hiring_manager, hr_user):
    today = timezone.localdate()
    offer = OfferFactory(
        application__requisition=requisition, expires_on=today + datetime.timedelta(days=5)
    )
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    key = "recruiting.offer_expiring"
    now = timezone.now()
    assert _collect_kind(key, now) == []
    with time_machine.travel(now + datetime.timedelta(days=3), tick=False):
        [item] = _collect_kind(key, timezone.now())
    assert item.recipient_id == hiring_manager.pk
    assert item.due == offer.expires_on
