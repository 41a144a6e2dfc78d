"""The review cycle's state machine: launch, advance, remind, close. One write path for each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from backoffice.celery import enqueue
from backoffice.people.models import Employee
from performance.models import PeerFeedback, Review, ReviewCycle


class CycleError(ValidationError):
    """A cycle action that its current step does not allow."""


@dataclass(frozen=True)
class LaunchResult:
    created: int
    already_there: int
    probation: int
    left_out_new_starters: int
    left_out_without_manager: int


def cycle_participants(cycle: ReviewCycle):
    """Active employees in the cycle's departments or role families, or picked by name."""
    chosen = (
        Q(department__in=cycle.departments.all())
        | Q(role_family__in=cycle.role_families.all())
        | Q(pk__in=cycle.picked_employees.all())
    )
    return Employee.objects.filter(chosen, status=Employee.Status.ACTIVE).distinct()


def _notify(review_ids: list[int], template: str) -> None:
    from performance import tasks

    if review_ids:
        transaction.on_commit(
            lambda: enqueue(tasks.review_email_task, review_ids=review_ids, template=template)
        )


@transaction.atomic
def review_cycle_launch(*, cycle: ReviewCycle, today: datetime.date | None = None) -> LaunchResult:
    """Create a review for every participant and open the self-review step.

    Idempotent: the cycle row is locked and reviews are unique per (cycle, employee), so a second
    launch (or two at once) creates nothing twice; on an open cycle it adds only people who joined
    the participants since. People who started fewer than `new_starter_days` ago are left out or
    given a probation review, as the cycle says; people without a manager are left out.
    """
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status == ReviewCycle.Status.CLOSED:
        raise CycleError("This cycle is closed; it cannot be launched again.")
    today = today or timezone.localdate()
    new_starter_since = today - datetime.timedelta(days=cycle.new_starter_days)
    created_ids, already, probation, new_starters, no_manager = [], 0, 0, 0, 0
    for employee in cycle_participants(cycle).order_by("pk"):
        if employee.manager_id is None:
            no_manager += 1
            continue
        kind = Review.Kind.REGULAR
        if employee.start_date > new_starter_since:
            if cycle.new_starter_rule == ReviewCycle.NewStarterRule.EXCLUDE:
                new_starters += 1
                continue
            kind = Review.Kind.PROBATION
        review, created = Review.objects.get_or_create(
            cycle=cycle,
            employee=employee,
            defaults={"manager_id": employee.manager_id, "kind": kind},
        )
        if created:
            created_ids.append(review.pk)
            probation += kind == Review.Kind.PROBATION
        else:
            already += 1
    if cycle.status == ReviewCycle.Status.DRAFT:
        cycle.status = ReviewCycle.Status.SELF_REVIEW
        cycle.launched_at = timezone.now()
        cycle.save(update_fields=["status", "launched_at"])
    _notify(created_ids, "performance_review_launched")
    _notify(created_ids, "performance_review_launched_manager")
    return LaunchResult(
        created=len(created_ids),
        already_there=already,
        probation=probation,
        left_out_new_starters=new_starters,
        left_out_without_manager=no_manager,
    )


def _share_written_reviews(cycle: ReviewCycle) -> list[int]:
    """Share every review the manager has submitted; the final rating defaults to theirs."""
    now = timezone.now()
    reviews = list(
        Review.objects.select_for_update().filter(
            cycle=cycle, status=Review.Status.WRITING, manager_submitted_at__isnull=False
        )
    )
    for review in reviews:
        review.status = Review.Status.SHARED
        review.shared_at = now
        if review.final_rating is None:
            review.final_rating = review.overall_rating
    # With history: sharing is a change of every review the audit trail must show.
    bulk_update_with_history(reviews, Review, ["status", "shared_at", "final_rating"])
    return [review.pk for review in reviews]


@transaction.atomic
def review_cycle_advance(*, cycle: ReviewCycle) -> ReviewCycle:
    """Move an open cycle to its next step. Entering sharing shares the submitted reviews."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle.is_open:
        raise CycleError(f"A {cycle.get_status_display().lower()} cycle cannot be advanced.")
    next_status = cycle.next_status()
    if next_status == ReviewCycle.Status.CLOSED:
        return _close(cycle)
    if next_status == ReviewCycle.Status.SHARING:
        _notify(_share_written_reviews(cycle), "performance_review_shared")
    cycle.status = next_status
    cycle.save(update_fields=["status"])
    return cycle


def _close(cycle: ReviewCycle) -> ReviewCycle:
    _notify(_share_written_reviews(cycle), "performance_review_shared")
    unfinished = list(
        Review.objects.select_for_update().filter(cycle=cycle, status=Review.Status.WRITING)
    )
    for review in unfinished:
        review.status = Review.Status.NOT_COMPLETED
    bulk_update_with_history(unfinished, Review, ["status"])
    cycle.status = ReviewCycle.Status.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save(update_fields=["status", "closed_at"])
    return cycle


@transaction.atomic
def review_cycle_close(*, cycle: ReviewCycle) -> ReviewCycle:
    """Close an open cycle: submitted manager reviews are shared (employees may still
    acknowledge them), reviews left unfinished are marked not completed."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle.is_open:
        raise CycleError(f"A {cycle.get_status_display().lower()} cycle cannot be closed.")
    return _close(cycle)


def review_cycle_remind(*, cycle: ReviewCycle) -> int:
    """Email now everyone whose part of the cycle's current step is still to do."""
    if not cycle.is_open:
        raise CycleError("Only an open cycle has anyone to remind.")
    reviews = Review.objects.filter(cycle=cycle)
    self_pending = list(
        reviews.filter(status=Review.Status.WRITING, self_submitted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    manager_pending = list(
        reviews.filter(status=Review.Status.WRITING, manager_submitted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    unacknowledged = list(reviews.filter(status=Review.Status.SHARED).values_list("pk", flat=True))
    peer_pending = list(
        PeerFeedback.objects.filter(review__cycle=cycle, submitted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    from performance import tasks

    batches = [
        (self_pending, "performance_remind_self"),
        (manager_pending, "performance_remind_manager"),
        (unacknowledged, "performance_remind_acknowledge"),
    ]
    for ids, template in batches:
        if ids:
            enqueue(tasks.review_email_task, review_ids=ids, template=template)
    if peer_pending:
        enqueue(tasks.peer_feedback_email_task, peer_feedback_ids=peer_pending)
    return sum(len(ids) for ids, _ in batches) + len(peer_pending)
