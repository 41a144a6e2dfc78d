from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.people import selectors as people_selectors
from performance.forms import CheckInForm, GoalCommentForm, GoalForm, GoalUpdateForm
from performance.selectors import goals as selectors
from performance.selectors import metrics as metric_selectors
from performance.services import feedback as feedback_services
from performance.services import goals as services
from performance.views.home import PERFORMANCE_ROLES


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def goal_new(request: HttpRequest, employee_pk: int) -> HttpResponse:
    """The employee proposes a goal for themselves, or the manager for a report."""
    employee = metric_selectors.employee_get_for_user(request.user, employee_pk)
    if not services.may_propose(request.user, employee):
        raise PermissionDenied
    form = GoalForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_propose(employee=employee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Goal saved.")
            return redirect("performance:goal_detail", pk=goal.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "performance/goal_form.html", {"form": form, "employee": employee}, status=status
    )


@require_GET
@role_required(*PERFORMANCE_ROLES)
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(request.user, pk)
    updates = goal.updates.select_related("author")
    is_owner = goal.employee.user_id == request.user.pk
    manager = goal.employee.manager
    is_manager = manager is not None and manager.user_id == request.user.pk
    return render(
        request,
        "performance/goal_detail.html",
        {
            "goal": goal,
            "updates": updates,
            "is_owner": is_owner,
            "is_manager": is_manager,
            "update_form": GoalUpdateForm(initial={"progress": goal.progress}),
            "comment_form": GoalCommentForm(),
            "metric_latest": selectors.goal_metric_latest(goal),
        },
    )


@require_POST
@role_required(*PERFORMANCE_ROLES)
def goal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.goal_decide(goal=goal, by=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Goal approved." if approve else "Goal declined.")
    return redirect("performance:goal_detail", pk=goal.pk)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def goal_update(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(request.user, pk)
    form = GoalUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a progress from 0 to 100 and a comment.")
        return redirect("performance:goal_detail", pk=goal.pk)
    try:
        services.goal_update(goal=goal, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Update saved.")
    return redirect("performance:goal_detail", pk=goal.pk)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def goal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_for_user(request.user, pk)
    form = GoalCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A comment cannot be empty.")
        return redirect("performance:goal_detail", pk=goal.pk)
    try:
        services.goal_comment(goal=goal, by=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Comment added.")
    return redirect("performance:goal_detail", pk=goal.pk)


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def check_in_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check_in = selectors.check_in_get_for_user(request.user, pk)
    me = people_selectors.employee_for_user(request.user)
    may_complete = me is not None and check_in.manager_id == me.pk and not check_in.completed_at
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if not may_complete:
            raise PermissionDenied
        if form.is_valid():
            try:
                feedback_services.probation_check_in_complete(
                    check_in=check_in, by=request.user, notes=form.cleaned_data["notes"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Check-in recorded.")
                return redirect("performance:landing")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "performance/check_in.html",
        {"check_in": check_in, "form": form, "may_complete": may_complete},
        status=status,
    )
