"""What the reminder engine should chase in review cycles: reviews due within 3 days or late.

The engine (backoffice.notifications) sends and deduplicates; this only declares what is due.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import F
from django.urls import reverse

from backoffice.notifications.reminders import DueItem, path_for_pk, reminder_kind
from backoffice.notifications.schedule import local
from performance.models import CycleEvent, PeerFeedback, Review, ReviewCycle
from performance.selectors.cockpit import CYCLE_REMINDER_KIND, step_pending

DUE_SOON_DAYS = 3
BATCH = 500
OPEN_STEPS = [s for s in ReviewCycle.Status.values if s not in ("draft", "closed")]
PEER_STEPS = [ReviewCycle.Status.SELF_REVIEW, ReviewCycle.Status.PEER_FEEDBACK]


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
            # Peers answer only until the peer-feedback step ends.
            review__cycle__status__in=[
                ReviewCycle.Status.SELF_REVIEW,
                ReviewCycle.Status.PEER_FEEDBACK,
            ],
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


_CYCLE_REMINDER_TITLES = {
    "self": ("Write your self review", "Write your self review"),
    "manager": ("Write the review of your report", "Write {n} reviews of your team"),
    "peer": ("Give peer feedback on a colleague", "Give peer feedback on {n} colleagues"),
    "acknowledge": ("Read and acknowledge your review", "Read and acknowledge your review"),
}


@reminder_kind(key=CYCLE_REMINDER_KIND, label="Reminders HR sends in a review cycle", required=True)
def cycle_reminders(now: datetime.datetime) -> Iterator[DueItem]:
    """HR pressed Remind on a cycle: everyone who can act on its current step and has not.

    Keyed (person, cycle and step, day the press goes out), so each person is reminded at
    most once per step per day however often HR presses, and a press made outside the
    sending window goes out with the first sweep of the next day the window opens.
    """
    today = local(now).date()
    presses = (
        CycleEvent.objects.filter(
            kind=CycleEvent.Kind.REMINDED, remind_on=today, cycle__status=F("from_status")
        )
        .values_list("cycle_id", flat=True)
        .distinct()
    )
    cycles = ReviewCycle.objects.filter(pk__in=list(presses)).order_by("pk")
    paths = {
        "peer": path_for_pk("performance:peer_feedback"),
        "review": path_for_pk("performance:review_detail"),
    }
    landing = reverse("performance:landing")
    for cycle in cycles:
        due = cycle.due_for(cycle.status)
        for person in step_pending(cycle):
            what = person.what[0]
            one, many = _CYCLE_REMINDER_TITLES[what]
            count = person.what.count(what)
            link = paths["peer" if what == "peer" else "review"]
            single = len(person.review_ids) == 1
            yield DueItem(
                recipient_id=person.user_id,
                kind=CYCLE_REMINDER_KIND,
                subject=f"performance.cycle:{cycle.pk}:{cycle.status}",
                period=today.isoformat(),
                title=f"{one if count == 1 else many.format(n=count)} · {cycle.name}",
                path=link(person.review_ids[0]) if single else landing,
                due=due,
            )
