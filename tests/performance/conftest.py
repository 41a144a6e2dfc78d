import pytest

from performance.models import ReviewAnswer
from performance.services import reviews as review_services
from tests.factories.performance import ReviewFactory


@pytest.fixture
def review(db):
    """A review in an open cycle: the employee and their manager each hold a sign-in."""
    return ReviewFactory()


def write_side(review, author, *, rating=4, text="Solid work", submit=True):
    """Answer every question of `review` as `author` (self or manager) and submit it."""
    user = review.employee.user if author == ReviewAnswer.Author.SELF else review.manager.user
    answers = {q.pk: {"rating": rating, "text": text} for q in review.cycle.questions.all()}
    review_services.review_draft_save(
        review=review,
        author=author,
        by=user,
        answers=answers,
        overall_rating=rating if author == ReviewAnswer.Author.MANAGER else None,
        potential="high" if author == ReviewAnswer.Author.MANAGER else "",
    )
    if submit:
        review_services.review_submit(review=review, author=author, by=user)
    review.refresh_from_db()
    return review
