"""What the reminder engine should chase in review cycles: reviews due within 3 days or late.

The engine (backoffice.notifications) sends and deduplicates; this only declares what is due.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from backoffice.notifications.reminders import DueItem, path_for_pk, reminder_kind
from performance.models import PeerFeedback, Review, ReviewCycle

DUE_SOON_DAYS = 3
BATCH = 500
OPEN_STEPS = [s for s in ReviewCycle.Status.values if s not in ("draft", "closed")]


def _horizon(now: datetime.datetime) -> datetime.date:
    return now.date() + datetime.timedelta(days=DUE_SOON_DAYS)


def _writing_reviews():
    return Review.objects.filter(status=Review.Status.WRITING, cycle__status__in=OPEN_STEPS)


@reminder_kind(key="performance.self_review_due", label="Self reviews due", required=True)
def self_reviews_due(now: datetime.datetime) -> Iterator[DueItem]:
    rows = (
        _writing_reviews()
        .filter(self_submitted_at__isnull=True, cycle__self_review_due__lte=_horizon(now))
        .values_list(
            "pk", "employee_id", "employee__user_id", "cycle__name", "cycle__self_review_due"
        )
        .order_by("pk")
    )
    review_path = path_for_pk("performance:review_detail")
    for pk, employee_id, user_id, cycle_name, due in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind="performance.self_review_due",
            subject=f"performance.review:{pk}:self",
            period=due.isoformat(),
            title=f"Write your self review · {cycle_name}",
            path=review_path(pk),
            due=due,
            employee_id=employee_id,
        )


@reminder_kind(
    key="performance.manager_review_due", label="Reviews to write as a manager", required=True
)
def manager_reviews_due(now: datetime.datetime) -> Iterator[DueItem]:
    rows = (
        _writing_reviews()
        .filter(manager_submitted_at__isnull=True, cycle__manager_review_due__lte=_horizon(now))
        .values_list(
            "pk",
            "manager_id",
            "manager__user_id",
            "employee__user__first_name",
            "employee__user__last_name",
            "cycle__name",
            "cycle__manager_review_due",
        )
        .order_by("pk")
    )
    review_path = path_for_pk("performance:review_detail")
    for pk, manager_id, user_id, first, last, cycle_name, due in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind="performance.manager_review_due",
            subject=f"performance.review:{pk}:manager",
            period=due.isoformat(),
            title=f"Write the review of {first} {last} · {cycle_name}",
            path=review_path(pk),
            due=due,
            employee_id=manager_id,
        )


@reminder_kind(key="performance.peer_feedback_due", label="Peer feedback asked of you")
def peer_feedback_due(now: datetime.datetime) -> Iterator[DueItem]:
    rows = (
        PeerFeedback.objects.filter(
            submitted_at__isnull=True,
            review__status=Review.Status.WRITING,
            review__cycle__status__in=OPEN_STEPS,
            review__cycle__peer_feedback_enabled=True,
            review__cycle__peer_feedback_due__lte=_horizon(now),
        )
        .values_list(
            "pk",
            "peer_id",
            "peer__user_id",
            "review__employee__user__first_name",
            "review__employee__user__last_name",
            "review__cycle__peer_feedback_due",
        )
        .order_by("pk")
    )
    feedback_path = path_for_pk("performance:peer_feedback")
    for pk, peer_id, user_id, first, last, due in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind="performance.peer_feedback_due",
            subject=f"performance.peerfeedback:{pk}",
            period=due.isoformat(),
            title=f"Give peer feedback on {first} {last}",
            path=feedback_path(pk),
            due=due,
            employee_id=peer_id,
        )
