"""What the employee's shared review keeps private, and why a peer answer cannot be traced."""

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import PeerFeedback, ReviewCycle
from performance.services import cycles as cycle_services
from performance.services import reviews as services
from tests.factories.people import EmployeeFactory
from tests.factories.performance import PeerFeedbackFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def _page(client_for, user, review):
    return client_for(user).get(reverse("performance:review_detail", args=[review.pk]))


def test_the_shared_review_shows_no_potential_and_no_calibration_note(client_for, hr_user):
    review = ReviewFactory()
    write_side(review, "self")
    write_side(review, "manager", rating=3, text="Steady quarter")  # potential "high"
    services.review_rating_adjust(
        review=review, to_rating=4, reason="SECRET-calibration-reason", by=hr_user
    )
    cycle_services.review_cycle_close(cycle=review.cycle)

    page = _page(client_for, review.employee.user, review).content.decode()
    assert "Steady quarter" in page  # the manager's answers
    assert "4 / 5" in page  # the final rating
    assert "Calibrated" in page  # said, without the reason
    assert "SECRET-calibration-reason" not in page
    assert "otential" not in page  # no 9-box potential, not even its label
    assert "Overall rating" not in page  # the manager's rating before calibration

    # The manager still reads everything, reason included.
    manager_page = _page(client_for, review.manager.user, review).content.decode()
    assert "potential high" in manager_page


def test_an_uncalibrated_rating_is_not_called_calibrated(client_for):
    review = ReviewFactory()
    write_side(review, "self")
    write_side(review, "manager", rating=4)
    cycle_services.review_cycle_close(cycle=review.cycle)
    page = _page(client_for, review.employee.user, review).content.decode()
    assert "4 / 5" in page
    assert "Calibrated" not in page


@pytest.fixture
def peer_review(db):
    """A review in a cycle with a peer step; two peers answered, one asked has not."""
    review = ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")
    for text in ("ANSWER-one", "ANSWER-two"):
        PeerFeedbackFactory(review=review, strengths=text, submitted_at=timezone.now())
    late = PeerFeedbackFactory(review=review)
    return review, late


def test_peer_answers_stay_hidden_while_peers_can_still_be_added(client_for, peer_review):
    review, _ = peer_review
    write_side(review, "self")
    page = _page(client_for, review.manager.user, review).content.decode()
    assert "ANSWER-one" not in page  # two answers, but the step is open: no diff to compare


def test_a_single_late_peer_cannot_be_told_apart(client_for, peer_review):
    """Nominating one more peer, or a late answer, after answers are visible is refused, so
    the visible set never grows by one answer that could be pinned on a person."""
    review, late = peer_review
    manager = review.manager.user
    cycle_services.review_cycle_advance(cycle=review.cycle)  # to peer feedback
    cycle_services.review_cycle_advance(cycle=review.cycle)  # to manager review: answers final
    review.refresh_from_db()
    assert review.cycle.status == ReviewCycle.Status.MANAGER_REVIEW
    write_side(review, "self")
    before = _page(client_for, manager, review).content.decode()
    assert "ANSWER-one" in before
    assert "ANSWER-two" in before

    newcomer = EmployeeFactory()
    with pytest.raises(services.ReviewError, match="nobody more can be asked"):
        services.peer_nominate(review=review, peers=[newcomer], by=manager)
    response = client_for(manager).post(
        reverse("performance:review_nominate_peers", args=[review.pk]),
        {"peers": [newcomer.pk]},
        follow=True,
    )
    assert "nobody more can be asked" in response.content.decode()
    assert not PeerFeedback.objects.filter(peer=newcomer).exists()

    with pytest.raises(services.ReviewError):
        services.peer_feedback_submit(
            feedback=late, by=late.peer.user, strengths="ANSWER-late", improvements=""
        )
    after = _page(client_for, manager, review).content.decode()
    assert "ANSWER-late" not in after
    assert after.count("ANSWER-") == before.count("ANSWER-")
