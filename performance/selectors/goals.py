"""Reads for goals, feedback, 1:1 notes and check-ins."""

from __future__ import annotations

from django.http import Http404

from backoffice.people.models import Employee, User
from performance.models import Feedback, Goal, Measurement, OneOnOneNote, ProbationCheckIn


def goal_get_for_user(user: User, pk: int) -> Goal:
    try:
        return (
            Goal.objects.visible_to(user)
            .select_related("employee__user", "employee__manager__user", "metric", "proposed_by")
            .get(pk=pk)
        )
    except Goal.DoesNotExist:
        raise Http404("No such goal") from None


def goal_metric_latest(goal: Goal) -> Measurement | None:
    """For a goal tied to a metric, the employee's latest value of it (shown beside the target)."""
    if goal.metric_id is None:
        return None
    return (
        Measurement.objects.filter(metric_id=goal.metric_id, employee_id=goal.employee_id)
        .order_by("-period_start")
        .first()
    )


def goals_of(employee: Employee, user: User):
    return (
        Goal.objects.visible_to(user)
        .filter(employee=employee)
        .select_related("metric")
        .exclude(status=Goal.Status.DECLINED)
    )


def goals_awaiting_approval(user: User):
    return Goal.objects.filter(
        employee__manager__user=user, status=Goal.Status.PROPOSED
    ).select_related("employee__user")


def feedback_for_user(user: User):
    return Feedback.objects.visible_to(user).select_related("giver", "recipient__user")


def one_on_one_notes(manager: Employee, report: Employee, user: User):
    return (
        OneOnOneNote.objects.visible_to(user)
        .filter(manager=manager, report=report)
        .select_related("author")
    )


def check_ins_due(user: User):
    return ProbationCheckIn.objects.filter(
        manager__user=user, completed_at__isnull=True
    ).select_related("employee__user")


def check_in_get_for_user(user: User, pk: int) -> ProbationCheckIn:
    try:
        return (
            ProbationCheckIn.objects.visible_to(user)
            .select_related("employee__user", "manager__user")
            .get(pk=pk)
        )
    except ProbationCheckIn.DoesNotExist:
        raise Http404("No such check-in") from None
