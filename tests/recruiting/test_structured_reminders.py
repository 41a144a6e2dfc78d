"""Reminders: scorecards not submitted 24 hours after the interview; offers about to expire."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from backoffice.notifications.reminders import reminder_kind_get
from recruiting.models import Interview
from recruiting.services import offers as offer_services
from recruiting.services import scorecards as scorecard_services
from tests.factories.recruiting import OfferFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _collect(key, now):
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
    assert _collect(key, START + datetime.timedelta(hours=23)) == []
    [item] = _collect(key, START + datetime.timedelta(hours=24, minutes=1))
    assert item.recipient_id == second_interviewer.pk
    assert item.subject == f"recruiting.interview:{interview.pk}"
    assert item.path.endswith(f"/interviews/{interview.pk}/scorecard/")


def test_a_cancelled_interview_needs_no_scorecard(interview):
    Interview.objects.filter(pk=interview.pk).update(starts_at=START, cancelled_at=START)
    assert _collect("recruiting.scorecard_not_submitted", START + datetime.timedelta(days=3)) == []


def test_offer_expiry_reminder_to_the_hiring_manager(requisition, hiring_manager, hr_user):
    today = timezone.localdate()
    offer = OfferFactory(
        application__requisition=requisition, expires_on=today + datetime.timedelta(days=5)
    )
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    key = "recruiting.offer_expiring"
    now = timezone.now()
    assert _collect(key, now) == []
    with time_machine.travel(now + datetime.timedelta(days=3), tick=False):
        [item] = _collect(key, timezone.now())
    assert item.recipient_id == hiring_manager.pk
    assert item.due == offer.expires_on
