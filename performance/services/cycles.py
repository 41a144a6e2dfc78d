"""The review cycle's state machine: launch, advance, remind, close, and a new cycle from an old.

`_cycle_move` is the one place that changes a cycle's status: it checks the move against
`ReviewCycle.TRANSITIONS` and writes the history row (CycleEvent) with who did it. Every
action locks the cycle's row first, so a double click or two HR users at once run one after
the other, and the second sees what the first did.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from backoffice.celery import enqueue
from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_event
from backoffice.people.models import User
from performance.models import CycleEvent, Review, ReviewCycle, ReviewQuestion
from performance.selectors.cockpit import STEP_ACTOR, step_pending
from performance.selectors.cycles import cycle_participants, launch_plan, remind_day
from performance.services.emails import review_emails_write
from performance.services.reviews import reviews_transition

Step = ReviewCycle.Status

__all__ = [
    "CycleError",
    "LaunchResult",
    "cycle_participants",
    "review_cycle_advance",
    "review_cycle_close",
    "review_cycle_copy",
    "review_cycle_launch",
    "review_cycle_remind",
]


class CycleError(DomainError):
    """A cycle action that its current step does not allow."""


@dataclass(frozen=True)
class LaunchResult:
    created: int
    already_there: int
    probation: int
    left_out_new_starters: int
    left_out_without_manager: int


def _notify(review_ids: list[int], purpose: str) -> None:
    review_emails_write(review_ids=review_ids, purpose=purpose)


def _locked(cycle: ReviewCycle, expected_status: str | None) -> ReviewCycle:
    """The cycle's row, locked; refused when it is no longer at the step the caller saw."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if expected_status is not None and cycle.status != expected_status:
        raise CycleError(
            f"The cycle is at {cycle.get_status_display().lower()} now: someone moved it while "
            "you were looking. Nothing was changed."
        )
    return cycle


def _cycle_move(
    cycle: ReviewCycle, *, to_status: str, by: User | None, kind: str, detail: str = ""
) -> ReviewCycle:
    """The one write of `ReviewCycle.status`: checked against the table, recorded as an event."""
    if not cycle.can_move_to(to_status):
        raise CycleError(
            f"A cycle at {cycle.get_status_display().lower()} cannot move to "
            f"{Step(to_status).label.lower()}."
        )
    from_status = cycle.status
    cycle.status = to_status
    fields = ["status"]
    if from_status == Step.DRAFT:
        cycle.launched_at = timezone.now()
        fields.append("launched_at")
    if to_status == Step.CLOSED:
        cycle.closed_at = timezone.now()
        fields.append("closed_at")
    cycle.save(update_fields=fields)
    CycleEvent.objects.create(
        cycle=cycle,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        detail=detail[:500],
        by=by,
    )
    if to_status == Step.CLOSED:
        # For other systems (webhooks): once per cycle, in this transaction.
        outbox_event(
            key=f"performance.review_cycle_closed:{cycle.pk}",
            name="review_cycle_closed",
            payload={
                "cycle_id": cycle.pk,
                "period_start": cycle.period_start,
                "period_end": cycle.period_end,
                "closed_at": cycle.closed_at,
                "closed_by_user_id": by.pk if by else None,
            },
        )
    return cycle


@transaction.atomic
def review_cycle_launch(
    *,
    cycle: ReviewCycle,
    by: User | None = None,
    today: datetime.date | None = None,
    expected_status: str | None = None,
) -> LaunchResult:
    """Create a review for every participant and open the self-review step.

    Idempotent: the cycle row is locked and reviews are unique per (cycle, employee), so a second
    launch (or two at once) creates nothing twice; on an open cycle it adds only people who joined
    the participants since. Who is in and who is left out is `launch_plan`, the same the
    confirmation page shows.
    """
    cycle = _locked(cycle, expected_status)
    if cycle.status == Step.CLOSED:
        raise CycleError("This cycle is closed; it cannot be launched again.")
    plan = launch_plan(cycle, today=today)
    created = bulk_create_with_history(
        [
            Review(cycle=cycle, employee=employee, manager_id=employee.manager_id, kind=kind)
            for employee, kind in plan.to_create
        ],
        Review,
        batch_size=500,
    )
    created_ids = [review.pk for review in created]
    result = LaunchResult(
        created=len(created_ids),
        already_there=plan.already_there,
        probation=plan.probation,
        left_out_new_starters=len(plan.left_out_new_starters),
        left_out_without_manager=len(plan.left_out_without_manager),
    )
    detail = launch_summary(result)
    if cycle.status == Step.DRAFT:
        _cycle_move(cycle, to_status=Step.SELF_REVIEW, by=by, kind="launched", detail=detail)
    elif created_ids:
        CycleEvent.objects.create(
            cycle=cycle, kind="launched", from_status=cycle.status, detail=detail, by=by
        )
    _notify(created_ids, "performance_review_launched")
    _notify(created_ids, "performance_review_launched_manager")
    return result


def launch_summary(result: LaunchResult) -> str:
    parts = [f"{result.created} review(s) created"]
    if result.already_there:
        parts.append(f"{result.already_there} already there")
    if result.probation:
        parts.append(f"{result.probation} of them probation reviews")
    if result.left_out_new_starters:
        parts.append(f"{result.left_out_new_starters} new starter(s) left out")
    if result.left_out_without_manager:
        parts.append(f"{result.left_out_without_manager} without a manager left out")
    return ", ".join(parts)


def _share_written_reviews(cycle: ReviewCycle, by: User | None) -> list[int]:
    """Share every review the manager has submitted; the final rating defaults to theirs."""
    reviews = reviews_transition(
        reviews=Review.objects.filter(
            cycle=cycle, status=Review.Status.WRITING, manager_submitted_at__isnull=False
        ),
        to_status=Review.Status.SHARED,
        by=by,
    )
    return [review.pk for review in reviews]


@transaction.atomic
def review_cycle_advance(
    *, cycle: ReviewCycle, by: User | None = None, expected_status: str | None = None
) -> ReviewCycle:
    """Move an open cycle to its next step. Entering sharing shares the submitted reviews;
    the step after acknowledgement is closing (see review_cycle_close)."""
    cycle = _locked(cycle, expected_status)
    if not cycle.is_open:
        raise CycleError(f"A {cycle.get_status_display().lower()} cycle cannot be advanced.")
    next_status = cycle.next_status()
    if next_status == Step.CLOSED:
        return _close(cycle, by)
    detail = ""
    if next_status == Step.SHARING:
        shared = _share_written_reviews(cycle, by)
        _notify(shared, "performance_review_shared")
        detail = f"{len(shared)} review(s) shared"
    return _cycle_move(cycle, to_status=next_status, by=by, kind="advanced", detail=detail)


def _close(cycle: ReviewCycle, by: User | None) -> ReviewCycle:
    shared = _share_written_reviews(cycle, by)
    _notify(shared, "performance_review_shared")
    unfinished = reviews_transition(
        reviews=Review.objects.filter(cycle=cycle, status=Review.Status.WRITING),
        to_status=Review.Status.NOT_COMPLETED,
        by=by,
    )
    detail = f"{len(shared)} review(s) shared, {len(unfinished)} not completed"
    return _cycle_move(cycle, to_status=Step.CLOSED, by=by, kind="closed", detail=detail)


@transaction.atomic
def review_cycle_close(
    *, cycle: ReviewCycle, by: User | None = None, expected_status: str | None = None
) -> ReviewCycle:
    """Close an open cycle: submitted manager reviews are shared (employees may still
    acknowledge them), reviews left unfinished are marked not completed."""
    cycle = _locked(cycle, expected_status)
    if not cycle.is_open:
        raise CycleError(f"A {cycle.get_status_display().lower()} cycle cannot be closed.")
    return _close(cycle, by)


@dataclass(frozen=True)
class RemindResult:
    people: int  # who can act on the step and has not (each reminded at most once that day)
    day: datetime.date


@transaction.atomic
def review_cycle_remind(
    *,
    cycle: ReviewCycle,
    by: User | None = None,
    expected_status: str | None = None,
    now: datetime.datetime | None = None,
) -> RemindResult:
    """Ask the reminder engine to remind everyone who can act on the current step and has not.

    The press is recorded (a CycleEvent with the day it goes out); the `performance.
    cycle_reminder` kind turns it into ledger rows keyed (person, cycle and step, day), so
    however often HR presses, each person gets at most one such reminder per step per day, in
    their usual delivery (at once or in their daily digest), listed under their reminders.
    The sweep is queued now; if the broker is down, the next scheduled sweep sends it.
    """
    cycle = _locked(cycle, expected_status)
    if not cycle.is_open:
        raise CycleError("Only an open cycle has anyone to remind.")
    if cycle.status not in STEP_ACTOR:
        raise CycleError(
            f"Nobody acts on {cycle.get_status_display().lower()} but HR: there is no one to "
            "remind."
        )
    now = now or timezone.now()
    people = len(step_pending(cycle))
    day = remind_day(now)
    CycleEvent.objects.create(
        cycle=cycle,
        kind="reminded",
        from_status=cycle.status,
        to_status=cycle.status,
        detail=f"{people} people to remind on {day:%d %b %Y}",
        remind_on=day,
        by=by,
    )

    def sweep() -> None:
        from backoffice.notifications.tasks import reminders_sweep_task

        enqueue(reminders_sweep_task)

    transaction.on_commit(sweep)
    return RemindResult(people=people, day=day)


@transaction.atomic
def review_cycle_copy(
    *,
    source: ReviewCycle,
    name: str,
    period_start: datetime.date,
    period_end: datetime.date,
    by: User | None = None,
) -> ReviewCycle:
    """A draft cycle like `source`: its participants' rules, questionnaire (both wordings) and
    settings, with each due date as far from the new period's end as it was from the old."""
    if period_end < period_start:
        raise CycleError("The period must end on or after the day it starts.")
    if ReviewCycle.objects.filter(name=name).exists():
        raise CycleError(f"A cycle named {name!r} exists already.")
    shift = period_end - source.period_end

    def moved(day):
        return day + shift if day else None

    cycle = ReviewCycle.objects.create(
        name=name,
        period_start=period_start,
        period_end=period_end,
        new_starter_days=source.new_starter_days,
        new_starter_rule=source.new_starter_rule,
        peer_feedback_enabled=source.peer_feedback_enabled,
        include_skills=source.include_skills,
        manager_sees_self_review_first=source.manager_sees_self_review_first,
        self_review_due=moved(source.self_review_due),
        peer_feedback_due=moved(source.peer_feedback_due),
        manager_review_due=moved(source.manager_review_due),
        calibration_due=moved(source.calibration_due),
        sharing_due=moved(source.sharing_due),
        acknowledgement_due=moved(source.acknowledgement_due),
    )
    cycle.departments.set(source.departments.all())
    cycle.role_families.set(source.role_families.all())
    cycle.picked_employees.set(source.picked_employees.all())
    ReviewQuestion.objects.bulk_create(
        [
            ReviewQuestion(
                cycle=cycle,
                position=question.position,
                kind=question.kind,
                prompt=question.prompt,
                self_prompt=question.self_prompt,
                level_1=question.level_1,
                level_2=question.level_2,
                level_3=question.level_3,
                level_4=question.level_4,
                level_5=question.level_5,
            )
            for question in source.questions.all()
        ]
    )
    CycleEvent.objects.create(
        cycle=cycle, kind="created", to_status=Step.DRAFT, detail=f"From {source.name}", by=by
    )
    return cycle
