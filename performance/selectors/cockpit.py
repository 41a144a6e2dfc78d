"""Reads for HR's cockpit of a review cycle: progress per step, who is still to act, history.

Every figure here comes from a fixed number of queries whatever the size of the cycle: the
progress of all steps is one aggregate over the reviews and one over the peer requests; the
people still to act on a step are one read of the rows they act on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from backoffice.notifications.models import ReminderLedger
from performance.models import (
    CycleEvent,
    PeerFeedback,
    RatingAdjustment,
    Review,
    ReviewAnswer,
    ReviewCycle,
)

Step = ReviewCycle.Status
# The reminder kinds that chase a person about this app's reviews (see performance.reminders).
CYCLE_REMINDER_KIND = "performance.cycle_reminder"
REVIEW_REMINDER_KINDS = (
    CYCLE_REMINDER_KIND,
    "performance.self_review_due",
    "performance.manager_review_due",
    "performance.peer_feedback_due",
)
# Who acts on each step; steps that are HR's own (calibration, sharing) have nobody to remind.
STEP_ACTOR = {
    Step.SELF_REVIEW: "employees",
    Step.PEER_FEEDBACK: "peers",
    Step.MANAGER_REVIEW: "managers",
    Step.ACKNOWLEDGEMENT: "employees",
}
LATE_LIST_LIMIT = 100


@dataclass
class StepProgress:
    step: str
    label: str
    due: datetime.date | None
    state: str  # "done", "current" or "upcoming"
    total: int = 0
    done: int = 0
    in_progress: int = 0
    late: int = 0
    done_label: str = "done"
    note: str = ""

    @property
    def has_drafts(self) -> bool:
        """Only the written steps have a state between not started and done."""
        return self.step in {Step.SELF_REVIEW, Step.MANAGER_REVIEW}

    @property
    def not_started(self) -> int:
        return max(self.total - self.done - self.in_progress, 0)

    def share(self, count: int) -> float:
        return round(100 * count / self.total, 1) if self.total else 0.0

    @property
    def done_share(self) -> float:
        return self.share(self.done)

    @property
    def in_progress_share(self) -> float:
        return self.share(self.in_progress)


def _review_counts(cycle: ReviewCycle) -> dict[str, int]:
    drafted = {
        author: Exists(ReviewAnswer.objects.filter(review=OuterRef("pk"), author=author))
        for author in ReviewAnswer.Author.values
    }
    shown = [Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
    self_open = Q(self_submitted_at__isnull=True)
    manager_open = Q(manager_submitted_at__isnull=True)
    return (
        Review.objects.filter(cycle=cycle)
        .annotate(self_drafted=drafted["self"], manager_drafted=drafted["manager"])
        .aggregate(
            total=Count("pk"),
            self_done=Count("pk", filter=~self_open),
            self_draft=Count("pk", filter=self_open & Q(self_drafted=True)),
            manager_done=Count("pk", filter=~manager_open),
            manager_draft=Count(
                "pk",
                filter=manager_open & (Q(manager_drafted=True) | Q(overall_rating__isnull=False)),
            ),
            rated=Count("pk", filter=Q(final_rating__isnull=False)),
            shown=Count("pk", filter=Q(status__in=shown)),
            acknowledged=Count("pk", filter=Q(status=Review.Status.ACKNOWLEDGED)),
        )
    )


def cycle_progress(cycle: ReviewCycle, *, today: datetime.date | None = None) -> list[StepProgress]:
    """Per step of the cycle: its due date, whether it is done, current or to come, and how
    many are done, in progress, not started and late (past the due date and not done)."""
    today = today or timezone.localdate()
    counts = _review_counts(cycle)
    peer = PeerFeedback.objects.filter(review__cycle=cycle).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    adjusted = (
        RatingAdjustment.objects.filter(review__cycle=cycle).values("review").distinct().count()
    )
    total = counts["total"]
    figures = {
        Step.SELF_REVIEW: (total, counts["self_done"], counts["self_draft"], "submitted", ""),
        Step.PEER_FEEDBACK: (peer["total"], peer["done"], 0, "answered", "counted in requests"),
        Step.MANAGER_REVIEW: (
            total,
            counts["manager_done"],
            counts["manager_draft"],
            "submitted",
            "",
        ),
        Step.CALIBRATION: (total, counts["rated"], 0, "rated", f"{adjusted} adjusted"),
        Step.SHARING: (total, counts["shown"], 0, "shared", ""),
        Step.ACKNOWLEDGEMENT: (counts["shown"], counts["acknowledged"], 0, "acknowledged", ""),
    }
    steps = []
    for step in cycle.steps():
        step_total, done, in_progress, done_label, note = figures[step]
        if cycle.status == Step.CLOSED or (cycle.has_reached(step) and step != cycle.status):
            state = "done"
        elif step == cycle.status:
            state = "current"
        else:
            state = "upcoming"
        due = cycle.due_for(step)
        overdue = cycle.is_open and state != "upcoming" and due is not None and due < today
        steps.append(
            StepProgress(
                step=step,
                label=Step(step).label,
                due=due,
                state=state,
                total=step_total,
                done=done,
                in_progress=in_progress,
                late=step_total - done if overdue and STEP_ACTOR.get(step) else 0,
                done_label=done_label,
                note=note,
            )
        )
    return steps


@dataclass
class Pending:
    """One person with something still to do on a step, with the rows they act on."""

    user_id: int
    employee_id: int
    name: str
    email: str
    manager_name: str
    what: list[str] = field(default_factory=list)
    review_ids: list[int] = field(default_factory=list)  # peer requests' ids for a peer
    last_reminded: datetime.datetime | None = None


def _name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def _pending_rows(cycle: ReviewCycle, step: str):
    """(user, employee, first, last, email, manager first, manager last, what, review id)."""
    writing = Review.objects.filter(cycle=cycle, status=Review.Status.WRITING)
    person = ["user_id", "user__first_name", "user__last_name", "user__email"]
    if step == Step.SELF_REVIEW:
        return _as_rows(writing.filter(self_submitted_at__isnull=True), "employee", person, "self")
    if step == Step.ACKNOWLEDGEMENT:
        shared = Review.objects.filter(cycle=cycle, status=Review.Status.SHARED)
        return _as_rows(shared, "employee", person, "acknowledge")
    if step == Step.MANAGER_REVIEW:
        can_write = Q(manager_submitted_at__isnull=True)
        if cycle.manager_sees_self_review_first:
            # A manager who waits for the self review cannot act: the employee can.
            blocked = writing.filter(self_submitted_at__isnull=True)
            can_write &= Q(self_submitted_at__isnull=False)
            return _as_rows(writing.filter(can_write), "manager", person, "manager") + _as_rows(
                blocked, "employee", person, "self"
            )
        return _as_rows(writing.filter(can_write), "manager", person, "manager")
    if step == Step.PEER_FEEDBACK:
        requests = PeerFeedback.objects.filter(
            review__cycle=cycle, review__status=Review.Status.WRITING, submitted_at__isnull=True
        )
        # For a peer, the row they act on is the request (not the review it is about).
        return [
            (*row[:7], "peer", row[7])
            for row in requests.values_list(
                "peer__user_id",
                "peer_id",
                "peer__user__first_name",
                "peer__user__last_name",
                "peer__user__email",
                "peer__manager__user__first_name",
                "peer__manager__user__last_name",
                "pk",
            ).order_by("peer__user__first_name", "peer__user__last_name", "pk")
        ]
    return []


def _as_rows(reviews, role: str, person: list[str], what: str) -> list[tuple]:
    fields = [f"{role}__{name}" for name in person]
    rows = reviews.values_list(
        fields[0],
        f"{role}_id",
        *fields[1:],
        f"{role}__manager__user__first_name",
        f"{role}__manager__user__last_name",
        "pk",
    ).order_by(f"{role}__user__first_name", f"{role}__user__last_name", "pk")
    return [(*row[:7], what, row[7]) for row in rows]


def step_pending(cycle: ReviewCycle, step: str | None = None) -> list[Pending]:
    """Everyone who can act on `step` (the current one by default) and has not, one entry per
    person: employees with a self review to write, peers asked for feedback, managers with
    reviews they may write now (not while they wait for a self review they must read first),
    employees with a shared review to acknowledge. HR's own steps have nobody."""
    step = step or cycle.status
    people: dict[int, Pending] = {}
    for user_id, employee_id, first, last, email, m_first, m_last, what, review_id in _pending_rows(
        cycle, step
    ):
        entry = people.get(user_id)
        if entry is None:
            entry = people[user_id] = Pending(
                user_id=user_id,
                employee_id=employee_id,
                name=_name(first, last) or email,
                email=email,
                manager_name=_name(m_first, m_last),
            )
        entry.what.append(what)
        entry.review_ids.append(review_id)
    return list(people.values())


def pending_with_last_reminded(cycle: ReviewCycle, pending: list[Pending]) -> list[Pending]:
    """Fill in when each person was last reminded about this cycle (one ledger query)."""
    if not pending:
        return pending
    subjects = {f"performance.cycle:{cycle.pk}:{step}" for step in STEP_ACTOR}
    for entry in pending:
        for what, row_id in zip(entry.what, entry.review_ids, strict=True):
            if what == "peer":
                subjects.add(f"performance.peerfeedback:{row_id}")
            else:
                subjects.add(
                    f"performance.review:{row_id}:{'manager' if what == 'manager' else 'self'}"
                )
    rows = (
        ReminderLedger.objects.filter(
            recipient_id__in=[entry.user_id for entry in pending],
            kind__in=REVIEW_REMINDER_KINDS,
            audience=ReminderLedger.Audience.OWNER,
        )
        .filter(subject__in=subjects)
        .values("recipient_id")
        .annotate(last=Max(Coalesce("sent_at", "created_at")))
        .order_by()
    )
    last = {row["recipient_id"]: row["last"] for row in rows}
    for entry in pending:
        entry.last_reminded = last.get(entry.user_id)
    return pending


@dataclass
class Cockpit:
    cycle: ReviewCycle
    steps: list[StepProgress]
    current: StepProgress | None
    pending: list[Pending]
    pending_total: int
    late: bool  # the current step is past its due date
    events: list[CycleEvent]
    reminded_today: int


def cycle_cockpit(cycle: ReviewCycle, *, today: datetime.date | None = None) -> Cockpit:
    today = today or timezone.localdate()
    steps = cycle_progress(cycle, today=today)
    current = next((step for step in steps if step.state == "current"), None)
    pending = step_pending(cycle) if cycle.is_open else []
    shown = pending_with_last_reminded(cycle, pending[:LATE_LIST_LIMIT])
    due = cycle.due_for(cycle.status)
    events = list(
        CycleEvent.objects.filter(cycle=cycle).select_related("by").order_by("-at", "-id")[:50]
    )
    return Cockpit(
        cycle=cycle,
        steps=steps,
        current=current,
        pending=shown,
        pending_total=len(pending),
        late=bool(due and due < today),
        events=events,
        reminded_today=reminded_on(cycle, cycle.status, today),
    )


def reminded_on(cycle: ReviewCycle, step: str, day: datetime.date) -> int:
    """How many people the cycle's Remind reached for `step` on `day` (from the ledger)."""
    return ReminderLedger.objects.filter(
        kind=CYCLE_REMINDER_KIND,
        subject=f"performance.cycle:{cycle.pk}:{step}",
        period=day.isoformat(),
    ).count()
