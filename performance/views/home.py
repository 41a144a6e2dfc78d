from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice.core.access import role_required
from backoffice.people import selectors as people_selectors
from backoffice.people.roles import Role
from performance.selectors import goals as goal_selectors
from performance.selectors import metrics as metric_selectors
from performance.selectors import reviews as review_selectors

PERFORMANCE_ROLES = (Role.EMPLOYEE, Role.HR)


@require_GET
@role_required(*PERFORMANCE_ROLES)
def landing(request: HttpRequest) -> HttpResponse:
    """My metrics, goals, feedback and reviews; a manager's team at a glance."""
    employee = people_selectors.employee_for_user(request.user)
    context = {
        "employee": employee,
        "today": timezone.localdate(),
        **review_selectors.reviews_for_user(request.user),
    }
    if employee is not None:
        context["metrics"] = metric_selectors.metric_summaries(employee)
        context["goals"] = list(goal_selectors.goals_of(employee, request.user)[:10])
        context["team"] = people_selectors.team_of(employee)
        context["goals_to_approve"] = list(goal_selectors.goals_awaiting_approval(request.user))
        context["check_ins"] = list(goal_selectors.check_ins_due(request.user)[:10])
    context["feedback"] = list(goal_selectors.feedback_for_user(request.user)[:5])
    return render(request, "performance/landing.html", context)
