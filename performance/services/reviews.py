"""Writing reviews: drafts, submission, peers, acknowledgement and calibration."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from backoffice.core.errors import DomainError
from backoffice.core.report_refresh import reports_refresh_soon
from backoffice.people.models import Employee, User
from performance.models import (
    PeerFeedback,
    RatingAdjustment,
    Review,
    ReviewAnswer,
    ReviewQuestion,
    Skill,
)
from performance.services.emails import peer_feedback_requests_write
from performance.services.skills import skill_assess

Author = ReviewAnswer.Author


def review_skills(review: Review) -> list[Skill]:
    """The skills a review rates (a cycle that includes skills): those of the person's role."""
    return list(
        Skill.objects.filter(role_skills__role_family_id=review.employee.role_family_id)
        .distinct()
        .order_by("name")
    )


class ReviewError(DomainError):
    """A review action that its state does not allow."""


@transaction.atomic
def reviews_transition(*, reviews: QuerySet[Review], to_status: str, by: User | None) -> list:
    """The one write of `Review.status`: every review of `reviews` moves to `to_status`.

    The rows are locked, each move is checked against `Review.TRANSITIONS` (one refused move
    refuses them all), the time of sharing or acknowledging is set, and a shared review's
    final rating defaults to the manager's. Written with history, as each review's audit
    trail must show the change. `by` is who asked (None for the system).
    """
    locked = list(reviews.select_for_update(of=("self",)).order_by("pk"))
    refused = [review for review in locked if not review.can_move_to(to_status)]
    if refused:
        raise ReviewError(
            f"A {refused[0].get_status_display().lower()} review cannot become "
            f"{Review.Status(to_status).label.lower()}."
        )
    now = timezone.now()
    fields = ["status"]
    for review in locked:
        review.status = to_status
        if to_status == Review.Status.SHARED:
            review.shared_at = now
            if review.final_rating is None:
                review.final_rating = review.overall_rating
        elif to_status == Review.Status.ACKNOWLEDGED:
            review.acknowledged_at = now
    if to_status == Review.Status.SHARED:
        fields += ["shared_at", "final_rating"]
    elif to_status == Review.Status.ACKNOWLEDGED:
        fields += ["acknowledged_at"]
    bulk_update_with_history(locked, Review, fields, default_user=by)
    if to_status in (Review.Status.SHARED, Review.Status.ACKNOWLEDGED):
        # A shared final rating is an outcome of the hiring signals report.
        transaction.on_commit(reports_refresh_soon)
    return locked


def review_transition(*, review: Review, to_status: str, by: User | None) -> Review:
    """One review through `reviews_transition` (the same checks, lock and history)."""
    (moved,) = reviews_transition(
        reviews=Review.objects.filter(pk=review.pk), to_status=to_status, by=by
    )
    return moved


def review_author_for(review: Review, user: User) -> str | None:
    """Which side of the review `user` writes: the employee's self review or the manager's."""
    if review.employee.user_id == user.pk:
        return Author.SELF
    if review.manager.user_id == user.pk:
        return Author.MANAGER
    return None


def manager_may_write(review: Review) -> bool:
    return review.is_self_locked or not review.cycle.manager_sees_self_review_first


def _locked_review(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle", "employee", "manager")
        .get(pk=review.pk)
    )


def _check_writable(review: Review, author: str, by: User) -> None:
    if review_author_for(review, by) != author:
        raise PermissionDenied
    if not review.cycle.is_open or review.status != Review.Status.WRITING:
        raise ReviewError("This review is no longer open for writing.")
    if (author == Author.SELF and review.is_self_locked) or (
        author == Author.MANAGER and review.is_manager_locked
    ):
        raise ReviewError("You have already submitted this review; it is locked.")
    if author == Author.MANAGER and not manager_may_write(review):
        raise ReviewError("The self review comes first: you can write once it is submitted.")


@transaction.atomic
def review_draft_save(
    *,
    review: Review,
    author: str,
    by: User,
    answers: dict[int, dict],
    overall_rating: int | None = None,
    potential: str = "",
) -> Review:
    """Save answers as a draft. Only the author may write, and only until they submit.

    `answers` maps question id → {"rating": int | None, "text": str}; unknown questions are
    ignored. The manager also keeps an overall rating and a potential (for the 9-box).
    """
    review = _locked_review(review)
    _check_writable(review, author, by)
    questions = {question.pk: question for question in review.cycle.questions.all()}
    existing = {
        answer.question_id: answer
        for answer in ReviewAnswer.objects.filter(review=review, author=author)
    }
    to_create, to_update = [], []
    for question_id, values in answers.items():
        question = questions.get(question_id)
        if question is None:
            continue
        rating = values.get("rating") if question.kind == ReviewQuestion.Kind.RATING else None
        text = values.get("text") or ""
        answer = existing.get(question_id)
        if answer is None:
            to_create.append(
                ReviewAnswer(
                    review=review, question=question, author=author, rating=rating, text=text
                )
            )
        else:
            answer.rating, answer.text, answer.updated_at = rating, text, timezone.now()
            to_update.append(answer)
    # With history: answers hold the review's content, and the audit trail shows each draft.
    bulk_create_with_history(to_create, ReviewAnswer)
    bulk_update_with_history(to_update, ReviewAnswer, ["rating", "text", "updated_at"])
    if author == Author.MANAGER:
        review.overall_rating = overall_rating
        review.potential = potential or ""
        review.save(update_fields=["overall_rating", "potential"])
    return review


@transaction.atomic
def review_submit(
    *, review: Review, author: str, by: User, skill_levels: dict[int, int] | None = None
) -> Review:
    """Submit and lock one side of a review once every rating question has a rating
    (and, for the manager, the overall rating). Nothing changes when something is missing.

    In a cycle that includes skills, every skill of the person's role needs a level too
    (`skill_levels`: skill id → 1-4); they are kept as this side's skills assessments, through
    the skills service, in the same transaction as the lock.
    """
    review = _locked_review(review)
    _check_writable(review, author, by)
    skill_levels = skill_levels or {}
    rated = set(
        ReviewAnswer.objects.filter(review=review, author=author, rating__isnull=False).values_list(
            "question_id", flat=True
        )
    )
    missing = [
        question.prompt
        for question in review.cycle.questions.filter(kind=ReviewQuestion.Kind.RATING)
        if question.pk not in rated
    ]
    if author == Author.MANAGER and review.overall_rating is None:
        missing.append("Overall rating")
    skills = review_skills(review) if review.cycle.include_skills else []
    missing += [skill.name for skill in skills if skill_levels.get(skill.pk) is None]
    if missing:
        raise ReviewError("Rate every question before submitting: " + "; ".join(missing))
    for skill in skills:
        try:
            skill_assess(
                employee=review.employee,
                skill=skill,
                by=by,
                level=skill_levels[skill.pk],
                note=f"{review.cycle} review",
                review=review,
            )
        except DomainError as error:
            raise ReviewError(error.text) from error
    now = timezone.now()
    if author == Author.SELF:
        review.self_submitted_at = now
        review.save(update_fields=["self_submitted_at"])
    else:
        review.manager_submitted_at = now
        review.final_rating = review.overall_rating
        review.save(update_fields=["manager_submitted_at", "final_rating"])
    return review


@transaction.atomic
def review_acknowledge(*, review: Review, by: User, comment: str = "") -> Review:
    """The employee confirms they have read the shared review (it is not agreeing with it)."""
    review = _locked_review(review)
    if review.employee.user_id != by.pk:
        raise PermissionDenied
    if review.status != Review.Status.SHARED:
        raise ReviewError("Only a shared review can be acknowledged.")
    review.acknowledgement_comment = comment.strip()
    review.save(update_fields=["acknowledgement_comment"])
    return review_transition(review=review, to_status=Review.Status.ACKNOWLEDGED, by=by)


@transaction.atomic
def peer_nominate(*, review: Review, peers: list[Employee], by: User) -> int:
    """The manager asks colleagues for peer feedback; asking the same peer twice does nothing."""
    review = _locked_review(review)
    if review.manager.user_id != by.pk and not by.is_hr:
        raise PermissionDenied
    if not review.cycle.peer_feedback_enabled:
        raise ReviewError("This cycle does not collect peer feedback.")
    if not review.cycle.peer_feedback_open:
        # Once answers can be read, a new peer's answer would be the one that appears.
        raise ReviewError("Peer feedback is closed for this cycle: nobody more can be asked.")
    created_ids = []
    for peer in peers:
        if peer.pk in (review.employee_id, review.manager_id):
            raise ReviewError("Peers are colleagues, not the employee or their manager.")
        feedback, created = PeerFeedback.objects.get_or_create(review=review, peer=peer)
        if created:
            created_ids.append(feedback.pk)
    peer_feedback_requests_write(peer_feedback_ids=created_ids)
    return len(created_ids)


@transaction.atomic
def peer_feedback_submit(
    *, feedback: PeerFeedback, by: User, strengths: str, improvements: str
) -> PeerFeedback:
    """A peer answers once; their name is never shown with the answer."""
    feedback = (
        PeerFeedback.objects.select_for_update(of=("self",))
        .select_related("peer", "review__cycle")
        .get(pk=feedback.pk)
    )
    if feedback.peer.user_id != by.pk:
        raise PermissionDenied
    if feedback.submitted_at is not None:
        raise ReviewError("You have already sent this feedback.")
    if not feedback.review.cycle.peer_feedback_open or (
        feedback.review.status != Review.Status.WRITING
    ):
        # Answers are read from the end of the step on; a late one would be told apart.
        raise ReviewError("This review no longer takes peer feedback.")
    if not strengths.strip() and not improvements.strip():
        raise ReviewError("Write at least one of the two answers.")
    feedback.strengths, feedback.improvements = strengths.strip(), improvements.strip()
    feedback.submitted_at = timezone.now()
    feedback.save(update_fields=["strengths", "improvements", "submitted_at"])
    return feedback


@transaction.atomic
def review_rating_adjust(*, review: Review, to_rating: int, reason: str, by: User) -> Review:
    """Calibration: HR or the manager changes the final rating, with a reason, and it is logged.

    Only before the review is shared: after that the employee has read it.
    """
    review = _locked_review(review)
    if not by.is_hr and review.manager.user_id != by.pk:
        raise PermissionDenied
    if review.status != Review.Status.WRITING or review.manager_submitted_at is None:
        raise ReviewError("Only a submitted manager review that is not yet shared is calibrated.")
    if to_rating not in range(1, 6):
        raise ReviewError("A rating is between 1 and 5.")
    if not reason.strip():
        raise ReviewError("Say why the rating changes.")
    RatingAdjustment.objects.create(
        review=review,
        from_rating=review.final_rating,
        to_rating=to_rating,
        reason=reason.strip(),
        adjusted_by=by,
    )
    review.final_rating = to_rating
    review.save(update_fields=["final_rating"])
    return review
