import pytest
from django.utils import timezone

from performance.models import Review, ReviewCycle
from performance.selectors.reviews import review_page
from performance.services.reviews import review_transition
from tests.factories.performance import PeerFeedbackFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def _peer_review():
    return ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")


def _peer_step_over(review):
    """The cycle moves past peer feedback: the answers are final and may be read."""
    ReviewCycle.objects.filter(pk=review.cycle_id).update(status=ReviewCycle.Status.MANAGER_REVIEW)
    review.cycle.refresh_from_db()


def _answered(review, strengths):
    return PeerFeedbackFactory(review=review, strengths=strengths, submitted_at=timezone.now())


def test_peer_feedback_stays_hidden_below_the_minimum():
    review = _peer_review()
    _answered(review, "Always on time")
    PeerFeedbackFactory(review=review)  # asked, not answered
    page = review_page(review, review.manager.user)
    assert not page.show_peer
    assert page.peer_answers == []
    assert (page.peer_submitted, page.peer_requested) == (1, 2)


def test_peer_feedback_shows_at_two_answers_and_never_names_the_peer():
    review = _peer_review()
    _answered(review, "Zero backlog"), _answered(review, "Always on time")
    assert not review_page(review, review.manager.user).show_peer  # the step is still open
    _peer_step_over(review)
    page = review_page(review, review.manager.user)
    assert page.show_peer
    assert page.peer_answers == [
        {"strengths": "Always on time", "improvements": ""},
        {"strengths": "Zero backlog", "improvements": ""},
    ]
    for answer in page.peer_answers:
        assert set(answer) == {"strengths", "improvements"}


def test_the_employee_sees_peer_feedback_and_the_manager_review_only_once_shared():
    review = _peer_review()
    _answered(review, "A"), _answered(review, "B")
    write_side(review, "self")
    write_side(review, "manager")
    _peer_step_over(review)
    page = review_page(review, review.employee.user)
    assert not page.show_manager
    assert not page.show_peer
    review = review_transition(review=review, to_status=Review.Status.SHARED, by=None)
    page = review_page(review, review.employee.user)
    assert page.show_manager
    assert page.show_peer


def test_the_manager_sees_the_self_review_only_once_submitted(review):
    write_side(review, "self", submit=False)
    page = review_page(review, review.manager.user)
    assert not page.show_self
    assert page.waiting_for_self
    assert not page.can_write
    write_side(review, "self")
    page = review_page(review, review.manager.user)
    assert page.show_self
    assert page.can_write
