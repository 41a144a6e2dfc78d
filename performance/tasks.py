"""Thin tasks: load the rows named by id and send the emails the services asked for."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse

from backoffice.notifications.services import email_send
from performance.models import PeerFeedback, Review

# purpose → (who gets it, subject, the sentence that says what to do)
REVIEW_EMAILS = {
    "performance_review_launched": (
        "employee",
        "Your review has started",
        "A review cycle has started: please write your self review.",
    ),
    "performance_review_shared": (
        "employee",
        "Your review is ready to read",
        "Your manager's review has been shared with you. Please read and acknowledge it.",
    ),
    "performance_remind_self": (
        "employee",
        "Reminder: your self review",
        "Your self review is still to be submitted.",
    ),
    "performance_remind_manager": (
        "manager",
        "Reminder: a review to write",
        "A review of one of your reports is still to be submitted.",
    ),
    "performance_remind_acknowledge": (
        "employee",
        "Reminder: acknowledge your review",
        "Your shared review is waiting for your acknowledgement.",
    ),
}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def review_email_task(*, review_ids: list[int], template: str) -> int:
    side, subject, message = REVIEW_EMAILS[template]
    reviews = Review.objects.with_relations().filter(pk__in=review_ids)
    for review in reviews:
        person = review.employee if side == "employee" else review.manager
        email_send(
            to=[person.user.email],
            subject=f"{subject} · {review.cycle.name}",
            template="performance_review_action",
            context={
                "name": person.user.get_short_name() or person.user.email,
                "message": message,
                "review": review,
                "path": reverse("performance:review_detail", args=[review.pk]),
            },
        )
    return len(reviews)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def peer_feedback_email_task(*, peer_feedback_ids: list[int]) -> int:
    requests = PeerFeedback.objects.select_related(
        "peer__user", "review__employee__user", "review__cycle"
    ).filter(pk__in=peer_feedback_ids, submitted_at__isnull=True)
    for request in requests:
        email_send(
            to=[request.peer.user.email],
            subject=f"Peer feedback for {request.review.employee} · {request.review.cycle.name}",
            template="performance_review_action",
            context={
                "name": request.peer.user.get_short_name() or request.peer.user.email,
                "message": (
                    f"You have been asked for feedback on {request.review.employee}. "
                    "Your answer is never shown with your name."
                ),
                "path": reverse("performance:peer_feedback", args=[request.pk]),
            },
        )
    return len(requests)
