"""Goals: proposed by the employee or the manager, approved by the manager, updated by the
employee (who owns the progress) and commented on by the manager."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from backoffice.people.models import Employee, User
from performance.models import Goal, GoalUpdate, Metric


def _is_manager_of(user: User, employee: Employee) -> bool:
    return employee.manager is not None and employee.manager.user_id == user.pk


def may_propose(user: User, employee: Employee) -> bool:
    """The employee for themselves, or their manager: goals are theirs to agree on."""
    return employee.user_id == user.pk or _is_manager_of(user, employee)


@transaction.atomic
def goal_propose(
    *,
    employee: Employee,
    by: User,
    title: str,
    due_date: datetime.date,
    weight: int,
    description: str = "",
    progress_kind: str = Goal.Progress.PERCENT,
    metric: Metric | None = None,
) -> Goal:
    """The employee or their manager proposes a goal. A goal the manager proposes needs no
    further approval: the manager is the approver."""
    if not may_propose(by, employee):
        raise PermissionDenied
    by_manager = _is_manager_of(by, employee)
    if progress_kind == Goal.Progress.METRIC and (
        metric is None or metric.role_family_id != employee.role_family_id
    ):
        raise ValidationError("Pick one of the metrics of this role.")
    return Goal.objects.create(
        employee=employee,
        title=title,
        description=description,
        due_date=due_date,
        weight=weight,
        progress_kind=progress_kind,
        metric=metric if progress_kind == Goal.Progress.METRIC else None,
        proposed_by=by,
        status=Goal.Status.APPROVED if by_manager else Goal.Status.PROPOSED,
        decided_by=by if by_manager else None,
        decided_at=timezone.now() if by_manager else None,
    )


def _locked_goal(goal: Goal) -> Goal:
    return (
        Goal.objects.select_for_update(of=("self",))
        .select_related("employee__manager")
        .get(pk=goal.pk)
    )


@transaction.atomic
def goal_decide(*, goal: Goal, by: User, approve: bool) -> Goal:
    """Only the employee's manager approves or declines a proposed goal."""
    goal = _locked_goal(goal)
    if not _is_manager_of(by, goal.employee):
        raise PermissionDenied
    if goal.status != Goal.Status.PROPOSED:
        raise ValidationError("This goal has already been decided.")
    goal.status = Goal.Status.APPROVED if approve else Goal.Status.DECLINED
    goal.decided_by, goal.decided_at = by, timezone.now()
    goal.save(update_fields=["status", "decided_by", "decided_at"])
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, by: User, progress: int | None, comment: str) -> GoalUpdate:
    """The employee records progress on an approved goal, always with a comment; 100% is done."""
    goal = _locked_goal(goal)
    if goal.employee.user_id != by.pk:
        raise PermissionDenied
    if goal.status != Goal.Status.APPROVED:
        raise ValidationError("Only an approved, unfinished goal takes updates.")
    if not comment.strip():
        raise ValidationError("Say what changed in a comment.")
    if progress is not None:
        if not 0 <= progress <= 100:
            raise ValidationError("Progress is a percentage from 0 to 100.")
        goal.progress = progress
        if progress == 100:
            goal.status = Goal.Status.DONE
        goal.save(update_fields=["progress", "status"])
    return GoalUpdate.objects.create(
        goal=goal, author=by, progress=progress, comment=comment.strip()
    )


@transaction.atomic
def goal_comment(*, goal: Goal, by: User, comment: str) -> GoalUpdate:
    """The manager comments; the progress stays the employee's to set."""
    goal = _locked_goal(goal)
    if not _is_manager_of(by, goal.employee):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError("A comment cannot be empty.")
    return GoalUpdate.objects.create(goal=goal, author=by, progress=None, comment=comment.strip())
