import pytest
from django.core.exceptions import PermissionDenied

from performance.models import PeerFeedback, RatingAdjustment, Review, ReviewAnswer
from performance.services import reviews as services
from tests.factories.people import EmployeeFactory
from tests.factories.performance import PeerFeedbackFactory, ReviewCycleFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_and_saved_again_without_duplicates(review):
    question = review.cycle.questions.first()
    for rating in (2, 3):
        services.review_draft_save(
            review=review,
            author="self",
            by=review.employee.user,
            answers={question.pk: {"rating": rating, "text": "Getting there"}},
        )
    answer = ReviewAnswer.objects.get(review=review, author="self")
    assert (answer.rating, answer.text) == (3, "Getting there")
    review.refresh_from_db()
    assert review.self_submitted_at is None


def test_submitting_locks_the_review(review):
    write_side(review, "self")
    assert review.is_self_locked
    with pytest.raises(services.ReviewError, match="locked"):
        services.review_draft_save(
            review=review, author="self", by=review.employee.user, answers={}
        )


def test_submitting_with_an_unrated_question_changes_nothing(review):
    question = review.cycle.questions.filter(kind="rating").first()
    services.review_draft_save(
        review=review,
        author="self",
        by=review.employee.user,
        answers={question.pk: {"rating": 4, "text": ""}},
    )
    with pytest.raises(services.ReviewError, match="Teamwork"):
        services.review_submit(review=review, author="self", by=review.employee.user)
    review.refresh_from_db()
    assert review.self_submitted_at is None


def test_only_the_author_writes_each_side(review):
    stranger = EmployeeFactory().user
    with pytest.raises(PermissionDenied):
        services.review_draft_save(review=review, author="self", by=stranger, answers={})
    with pytest.raises(PermissionDenied):
        services.review_draft_save(
            review=review, author="manager", by=review.employee.user, answers={}
        )
    assert not ReviewAnswer.objects.exists()


def test_the_manager_writes_after_the_self_review_when_the_cycle_says_so(review):
    with pytest.raises(services.ReviewError, match="self review comes first"):
        write_side(review, "manager")
    write_side(review, "self")
    write_side(review, "manager", rating=5)
    assert review.is_manager_locked
    assert review.final_rating == 5


def test_the_manager_may_write_first_when_the_cycle_allows_it():
    review = ReviewFactory(cycle__manager_sees_self_review_first=False)
    write_side(review, "manager")
    assert review.is_manager_locked
    assert not review.is_self_locked


def test_the_manager_must_give_an_overall_rating(review):
    write_side(review, "self")
    answers = {q.pk: {"rating": 3, "text": ""} for q in review.cycle.questions.all()}
    services.review_draft_save(
        review=review, author="manager", by=review.manager.user, answers=answers
    )
    with pytest.raises(services.ReviewError, match="Overall rating"):
        services.review_submit(review=review, author="manager", by=review.manager.user)


def test_the_employee_acknowledges_a_shared_review_with_a_comment(review):
    with pytest.raises(services.ReviewError):
        services.review_acknowledge(review=review, by=review.employee.user)
    review.status = Review.Status.SHARED
    review.save()
    with pytest.raises(PermissionDenied):
        services.review_acknowledge(review=review, by=review.manager.user)
    services.review_acknowledge(review=review, by=review.employee.user, comment=" I disagree. ")
    review.refresh_from_db()
    assert review.status == Review.Status.ACKNOWLEDGED
    assert review.acknowledgement_comment == "I disagree."


def test_the_manager_nominates_peers_once_each():
    review = ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")
    peers = EmployeeFactory.create_batch(2)
    assert services.peer_nominate(review=review, peers=peers, by=review.manager.user) == 2
    assert services.peer_nominate(review=review, peers=peers, by=review.manager.user) == 0
    assert PeerFeedback.objects.filter(review=review).count() == 2
    with pytest.raises(PermissionDenied):
        services.peer_nominate(review=review, peers=peers, by=review.employee.user)
    with pytest.raises(services.ReviewError):
        services.peer_nominate(review=review, peers=[review.employee], by=review.manager.user)


def test_peers_cannot_be_asked_in_a_cycle_without_peer_feedback(review):
    with pytest.raises(services.ReviewError):
        services.peer_nominate(review=review, peers=[EmployeeFactory()], by=review.manager.user)


def test_a_peer_answers_once_and_only_their_own_request():
    request = PeerFeedbackFactory()
    with pytest.raises(PermissionDenied):
        services.peer_feedback_submit(
            feedback=request, by=EmployeeFactory().user, strengths="x", improvements=""
        )
    services.peer_feedback_submit(
        feedback=request, by=request.peer.user, strengths="Calm", improvements=""
    )
    with pytest.raises(services.ReviewError):
        services.peer_feedback_submit(
            feedback=request, by=request.peer.user, strengths="Again", improvements=""
        )
    request.refresh_from_db()
    assert request.strengths == "Calm"


def test_calibration_needs_a_reason_and_is_logged(review, hr_user):
    write_side(review, "self")
    write_side(review, "manager", rating=3)
    with pytest.raises(services.ReviewError, match="why"):
        services.review_rating_adjust(review=review, to_rating=4, reason=" ", by=hr_user)
    services.review_rating_adjust(review=review, to_rating=4, reason="Peer data", by=hr_user)
    review.refresh_from_db()
    assert review.final_rating == 4
    log = RatingAdjustment.objects.get()
    assert (log.from_rating, log.to_rating, log.adjusted_by) == (3, 4, hr_user)


def test_nobody_else_calibrates(review):
    write_side(review, "self")
    write_side(review, "manager", rating=3)
    for user in (review.employee.user, EmployeeFactory().user):
        with pytest.raises(PermissionDenied):
            services.review_rating_adjust(review=review, to_rating=5, reason="x", by=user)
    assert not RatingAdjustment.objects.exists()


def test_a_closed_cycle_takes_no_more_writing():
    review = ReviewFactory(cycle=ReviewCycleFactory(status="closed"))
    with pytest.raises(services.ReviewError):
        services.review_draft_save(
            review=review, author="self", by=review.employee.user, answers={}
        )
