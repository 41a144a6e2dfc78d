"""Thin tasks: load the rows named by id and send the emails the services asked for.

Emails are grouped per recipient: a manager with five reports gets one email listing five
reviews, not five emails.
"""

from __future__ import annotations

from collections import defaultdict

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
    "performance_review_launched_manager": (
        "manager",
        "Reviews of your team have started",
        "A review cycle has started. You will write a review of each of these people.",
    ),
    "performance_review_shared": (
        "employee",
        "Your review is ready to read",
        "Your manager's review has been shared with you. Please read and acknowledge it.",
    ),
}


def _send(user, *, subject: str, message: str, items: list[tuple[str, str]]) -> None:
    email_send(
        to=[user.email],
        subject=subject,
        template="performance_review_action",
        context={"name": user.get_short_name() or user.email, "message": message, "items": items},
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def review_email_task(*, review_ids: list[int], template: str) -> int:
    side, subject, message = REVIEW_EMAILS[template]
    by_recipient = defaultdict(list)
    for review in Review.objects.with_relations().filter(pk__in=review_ids):
        person = review.employee if side == "employee" else review.manager
        title = f"{review.cycle.name}" if side == "employee" else f"{review.employee}"
        path = reverse("performance:review_detail", args=[review.pk])
        by_recipient[person.user].append((title, path, review.cycle.name))
    for user, rows in by_recipient.items():
        cycles = sorted({cycle for _, _, cycle in rows})
        _send(
            user,
            subject=f"{subject} · {', '.join(cycles)}",
            message=message,
            items=[(title, path) for title, path, _ in rows],
        )
    return len(by_recipient)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def peer_feedback_email_task(*, peer_feedback_ids: list[int]) -> int:
    requests = PeerFeedback.objects.select_related(
        "peer__user", "review__employee__user", "review__cycle"
    ).filter(pk__in=peer_feedback_ids, submitted_at__isnull=True)
    by_peer = defaultdict(list)
    for request in requests:
        path = reverse("performance:peer_feedback", args=[request.pk])
        by_peer[request.peer.user].append((str(request.review.employee), path))
    for user, items in by_peer.items():
        _send(
            user,
            subject="Peer feedback asked of you",
            message=(
                "Colleagues would value your feedback on these people. "
                "Your answers are never shown with your name."
            ),
            items=items,
        )
    return len(by_peer)
