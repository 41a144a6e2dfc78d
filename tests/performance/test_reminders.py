"""The reminder kinds performance declares, at frozen times around the due dates."""

import datetime

import pytest
from django.utils import timezone

from backoffice.notifications.reminders import reminder_kind_get
from performance.models import ReviewCycle
from tests.factories.performance import PeerFeedbackFactory, ReviewCycleFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 10)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def _collect(key, day):
    return list(reminder_kind_get(key).collect(_at(day)))


@pytest.fixture
def cycle():
    return ReviewCycleFactory(
        status=ReviewCycle.Status.SELF_REVIEW,
        self_review_due=DUE,
        manager_review_due=DUE + datetime.timedelta(days=7),
        peer_feedback_enabled=True,
        peer_feedback_due=DUE,
    )


def test_self_reviews_are_due_from_three_days_before_and_while_late(cycle):
    review = ReviewFactory(cycle=cycle)
    assert _collect("performance.self_review_due", DUE - datetime.timedelta(days=4)) == []
    (item,) = _collect("performance.self_review_due", DUE - datetime.timedelta(days=3))
    assert item.recipient_id == review.employee.user_id
    assert item.employee_id == review.employee_id  # escalates to their manager, then HR
    assert item.path == f"/performance/reviews/{review.pk}/"
    assert item.due == DUE
    late = _collect("performance.self_review_due", DUE + datetime.timedelta(days=5))
    assert [i.subject for i in late] == [item.subject]


def test_a_submitted_self_review_is_no_longer_due(cycle):
    review = ReviewFactory(cycle=cycle)
    write_side(review, "self")
    assert _collect("performance.self_review_due", DUE) == []


def test_manager_reviews_remind_the_manager(cycle):
    review = ReviewFactory(cycle=cycle)
    manager_due = DUE + datetime.timedelta(days=7)
    assert (
        _collect("performance.manager_review_due", manager_due - datetime.timedelta(days=4)) == []
    )
    (item,) = _collect("performance.manager_review_due", manager_due)
    assert item.recipient_id == review.manager.user_id
    assert item.employee_id == review.manager_id
    assert str(review.employee) in item.title


def test_peer_feedback_reminds_peers_who_have_not_answered(cycle):
    asked = PeerFeedbackFactory(review=ReviewFactory(cycle=cycle))
    PeerFeedbackFactory(review=asked.review, submitted_at=timezone.now())
    (item,) = _collect("performance.peer_feedback_due", DUE + datetime.timedelta(days=1))
    assert item.recipient_id == asked.peer.user_id
    assert item.path == f"/performance/peer-feedback/{asked.pk}/"


def test_nothing_is_due_in_draft_or_closed_cycles():
    for status in (ReviewCycle.Status.DRAFT, ReviewCycle.Status.CLOSED):
        ReviewFactory(cycle=ReviewCycleFactory(status=status, self_review_due=DUE))
    assert _collect("performance.self_review_due", DUE) == []
    assert _collect("performance.manager_review_due", DUE + datetime.timedelta(days=30)) == []
