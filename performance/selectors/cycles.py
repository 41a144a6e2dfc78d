"""Reads for running a cycle: who takes part, and what each of the cockpit's buttons will do.

The services run the same plan their confirmation page showed (`launch_plan`), so the page
says exactly what happens.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from backoffice.notifications.models import ReminderPreference
from backoffice.notifications.schedule import local, sending_window_open
from backoffice.people.models import Employee
from performance.models import PeerFeedback, Review, ReviewCycle
from performance.selectors.cockpit import (
    LATE_LIST_LIMIT,
    STEP_ACTOR,
    Pending,
    reminded_on,
    step_pending,
)

Step = ReviewCycle.Status


@dataclass
class LaunchPlan:
    to_create: list[tuple[Employee, str]]  # (employee, review kind)
    already_there: int
    left_out_new_starters: list[Employee]
    left_out_without_manager: list[Employee]

    @property
    def probation(self) -> int:
        return sum(kind == Review.Kind.PROBATION for _, kind in self.to_create)

    @property
    def people_emailed(self) -> int:
        """The employees reviewed and their managers, each emailed once."""
        users = {employee.user_id for employee, _ in self.to_create}
        users.update(employee.manager.user_id for employee, _ in self.to_create)
        return len(users)


def cycle_participants(cycle: ReviewCycle):
    """Active employees in the cycle's departments or role families, or picked by name."""
    chosen = (
        Q(department__in=cycle.departments.all())
        | Q(role_family__in=cycle.role_families.all())
        | Q(pk__in=cycle.picked_employees.all())
    )
    return Employee.objects.filter(chosen, status=Employee.Status.ACTIVE).distinct()


def launch_plan(cycle: ReviewCycle, *, today: datetime.date | None = None) -> LaunchPlan:
    """Who gets a review at launch, who is already in, and who is left out and why.

    People who started fewer than `new_starter_days` before `today` are left out or given a
    probation review, as the cycle says; people without a manager are left out.
    """
    today = today or timezone.localdate()
    new_starter_since = today - datetime.timedelta(days=cycle.new_starter_days)
    existing = set(Review.objects.filter(cycle=cycle).values_list("employee_id", flat=True))
    plan = LaunchPlan([], 0, [], [])
    participants = (
        cycle_participants(cycle)
        .select_related("user", "manager__user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    for employee in participants:
        if employee.pk in existing:
            plan.already_there += 1
        elif employee.manager_id is None:
            plan.left_out_without_manager.append(employee)
        elif employee.start_date > new_starter_since:
            if cycle.new_starter_rule == ReviewCycle.NewStarterRule.EXCLUDE:
                plan.left_out_new_starters.append(employee)
            else:
                plan.to_create.append((employee, Review.Kind.PROBATION))
        else:
            plan.to_create.append((employee, Review.Kind.REGULAR))
    return plan


@dataclass
class AdvancePlan:
    from_step: str
    to_step: str | None
    to_share: int  # reviews shared now (entering sharing, or closing)
    not_completed: int  # reviews marked not completed (closing)
    still_open: dict[str, int]  # what is left undone on the step being left
    # Leaving the peer step closes peer feedback: (answered, asked) requests, else None.
    peer_closing: tuple[int, int] | None = None


def advance_plan(cycle: ReviewCycle, *, closing: bool = False) -> AdvancePlan:
    to_step = Step.CLOSED if closing else cycle.next_status()
    writing = Review.objects.filter(cycle=cycle, status=Review.Status.WRITING)
    counts = writing.aggregate(
        written=Count("pk", filter=Q(manager_submitted_at__isnull=False)),
        unwritten=Count("pk", filter=Q(manager_submitted_at__isnull=True)),
        self_open=Count("pk", filter=Q(self_submitted_at__isnull=True)),
    )
    sharing = to_step in {Step.SHARING, Step.CLOSED}
    peer_closing = None
    if cycle.peer_feedback_open and to_step not in {Step.PEER_FEEDBACK, None}:
        peer = PeerFeedback.objects.filter(review__cycle=cycle).aggregate(
            asked=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False))
        )
        peer_closing = (peer["answered"], peer["asked"])
    return AdvancePlan(
        from_step=cycle.status,
        to_step=to_step,
        to_share=counts["written"] if sharing else 0,
        not_completed=counts["unwritten"] if to_step == Step.CLOSED else 0,
        still_open={
            "self reviews not submitted": counts["self_open"],
            "manager reviews not submitted": counts["unwritten"],
        },
        peer_closing=peer_closing,
    )


def remind_day(now: datetime.datetime) -> datetime.date:
    """The day a reminder asked for at `now` goes out: today inside the sending window
    (working days outside quiet hours), else the next day the window opens."""
    moment = now
    for _ in range(8 * 24):
        if sending_window_open(moment):
            return local(moment).date()
        moment += datetime.timedelta(hours=1)
    return local(now).date()


@dataclass
class RemindPlan:
    can_remind: bool  # somebody other than HR acts on this step
    pending: list[Pending]  # the first LATE_LIST_LIMIT of them
    pending_total: int
    day: datetime.date  # when the reminders go out
    already_reminded: int  # reminded that day already (they get no second one)
    daily_digest: int  # of those pending, who read reminders in a daily digest

    @property
    def today(self) -> bool:
        return self.day == timezone.localdate()


def remind_plan(cycle: ReviewCycle, *, now: datetime.datetime | None = None) -> RemindPlan:
    """What pressing Remind on the cycle's current step would do, for its confirmation page."""
    now = now or timezone.now()
    pending = step_pending(cycle) if cycle.is_open else []
    day = remind_day(now)
    daily = ReminderPreference.objects.filter(
        user_id__in=[person.user_id for person in pending],
        delivery=ReminderPreference.Delivery.DAILY,
    ).count()
    return RemindPlan(
        can_remind=cycle.is_open and cycle.status in STEP_ACTOR,
        pending=pending[:LATE_LIST_LIMIT],
        pending_total=len(pending),
        day=day,
        already_reminded=reminded_on(cycle, cycle.status, day),
        daily_digest=daily if pending else 0,
    )
