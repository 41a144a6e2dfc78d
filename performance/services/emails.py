"""Performance's emails, written to the outbox in the transaction of the change that causes
them (a launch, a share, a peer nomination), grouped per recipient: a manager with five
reports gets one email listing five reviews, not five emails.

Each email's key names its change: the purpose, the recipient and the first of the rows it
announces. A review is created once and shared once, and a peer is asked once, so no two
changes announce the same first row and a retried change never writes a second email.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from backoffice.notifications.services import outbox_email
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
PEER_FEEDBACK_MESSAGE = (
    "Colleagues would value your feedback on these people. "
    "Your answers are never shown with your name."
)


def _write(*, key: str, user, subject: str, message: str, items: list[tuple[str, str]]) -> None:
    outbox_email(
        key=key,
        to=[user.email],
        subject=subject,
        template="performance_review_action",
        context={"name": user.get_short_name() or user.email, "message": message, "items": items},
    )


def review_emails_write(*, review_ids: list[int], purpose: str) -> int:
    """One email per recipient about these reviews (`purpose` from REVIEW_EMAILS)."""
    if not review_ids:
        return 0
    side, subject, message = REVIEW_EMAILS[purpose]
    by_recipient = defaultdict(list)
    for review in Review.objects.with_relations().filter(pk__in=review_ids).order_by("pk"):
        person = review.employee if side == "employee" else review.manager
        title = f"{review.cycle.name}" if side == "employee" else f"{review.employee}"
        path = reverse("performance:review_detail", args=[review.pk])
        by_recipient[person.user].append((review.pk, title, path, review.cycle.name))
    for user, rows in by_recipient.items():
        cycles = sorted({cycle for *_, cycle in rows})
        _write(
            key=f"performance.{purpose}:{user.pk}:{rows[0][0]}",
            user=user,
            subject=f"{subject} · {', '.join(cycles)}",
            message=message,
            items=[(title, path) for _pk, title, path, _cycle in rows],
        )
    return len(by_recipient)


def peer_feedback_requests_write(*, peer_feedback_ids: list[int]) -> int:
    """One email per peer asked, listing the colleagues they are asked about."""
    if not peer_feedback_ids:
        return 0
    requests = (
        PeerFeedback.objects.select_related("peer__user", "review__employee__user", "review__cycle")
        .filter(pk__in=peer_feedback_ids, submitted_at__isnull=True)
        .order_by("pk")
    )
    by_peer = defaultdict(list)
    for request in requests:
        path = reverse("performance:peer_feedback", args=[request.pk])
        by_peer[request.peer.user].append((request.pk, str(request.review.employee), path))
    for user, rows in by_peer.items():
        _write(
            key=f"performance.peer_feedback_request:{user.pk}:{rows[0][0]}",
            user=user,
            subject="Peer feedback asked of you",
            message=PEER_FEEDBACK_MESSAGE,
            items=[(title, path) for _pk, title, path in rows],
        )
    return len(by_peer)
