import datetime

import pytest
from django.core.exceptions import ValidationError

from performance.models import Metric, ReviewCycle
from tests.factories.performance import ReviewCycleFactory

pytestmark = pytest.mark.django_db


def test_steps_must_be_due_in_order():
    cycle = ReviewCycleFactory.build()
    cycle.manager_review_due = cycle.self_review_due - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        cycle.full_clean()
    assert "manager_review_due" in caught.value.message_dict


def test_peer_feedback_needs_its_due_date():
    cycle = ReviewCycleFactory.build(peer_feedback_enabled=True, peer_feedback_due=None)
    with pytest.raises(ValidationError, match="give its due date"):
        cycle.full_clean()


def test_next_step_skips_peer_feedback_only_when_off():
    cycle = ReviewCycle(status=ReviewCycle.Status.SELF_REVIEW, peer_feedback_enabled=False)
    assert cycle.next_status() == ReviewCycle.Status.MANAGER_REVIEW
    cycle.peer_feedback_enabled = True
    assert cycle.next_status() == ReviewCycle.Status.PEER_FEEDBACK
    assert ReviewCycle(status=ReviewCycle.Status.CLOSED).next_status() is None


@pytest.mark.parametrize(
    ("direction", "value", "on_target"),
    [("higher", 1300, True), ("higher", 1100, False), ("lower", 1.2, True), ("lower", 2, False)],
)
def test_on_target_follows_the_direction(direction, value, on_target):
    from decimal import Decimal

    target = 1200 if direction == "higher" else Decimal("1.5")
    metric = Metric(direction=direction, target=target)
    assert metric.on_target(Decimal(str(value))) is on_target
    assert metric.on_target(None) is None
