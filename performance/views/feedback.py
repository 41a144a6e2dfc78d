from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.access import role_required
from backoffice.core.params import query_int
from backoffice.people import selectors as people_selectors
from backoffice.people.roles import Role
from performance.forms import FeedbackForm, OneOnOneNoteForm
from performance.models import ReviewCycle
from performance.selectors import goals as selectors
from performance.selectors import metrics as metric_selectors
from performance.selectors import reports as report_selectors
from performance.services import feedback as services
from performance.views.home import PERFORMANCE_ROLES


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def feedback(request: HttpRequest) -> HttpResponse:
    """Give feedback or praise, and read what you gave, received or your reports received."""
    form = FeedbackForm(request.POST or None, giver=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(giver=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Sent to {form.cleaned_data['recipient']}.")
            return redirect("performance:feedback")
    page = Paginator(selectors.feedback_for_user(request.user), 20).get_page(
        request.GET.get("page")
    )
    status = 422 if request.method == "POST" else 200
    return render(
        request, "performance/feedback.html", {"form": form, "page_obj": page}, status=status
    )


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def one_on_ones(request: HttpRequest, employee_pk: int) -> HttpResponse:
    """Notes of 1:1s between a manager and a report: only the two of them get in (not HR)."""
    report = metric_selectors.employee_get_for_user(request.user, employee_pk)
    me = people_selectors.employee_for_user(request.user)
    if me is None:
        raise PermissionDenied
    if report.pk == me.pk:
        # My own page with my manager.
        if report.manager is None:
            raise PermissionDenied
        manager = report.manager
    elif report.manager_id == me.pk:
        manager = me
    else:
        raise PermissionDenied
    form = OneOnOneNoteForm(request.POST or None, initial={"met_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.one_on_one_note_add(
                manager=manager, report=report, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Note saved.")
            return redirect("performance:one_on_ones", employee_pk=report.pk)
    page = Paginator(selectors.one_on_one_notes(manager, report, request.user), 20).get_page(
        request.GET.get("page")
    )
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "performance/one_on_ones.html",
        {"form": form, "page_obj": page, "report": report, "manager": manager},
        status=status,
    )


@require_GET
@role_required(Role.HR)
def reports(request: HttpRequest) -> HttpResponse:
    cycles = list(report_selectors.completion_per_cycle())
    cycle_id = query_int(request.GET, "cycle")
    chosen = ReviewCycle.objects.launched().filter(pk=cycle_id).first() if cycle_id else None
    chosen = chosen or next(iter(cycles), None)
    overdue = Paginator(report_selectors.employees_without_recent_review(), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "performance/reports.html",
        {
            "cycles": cycles,
            "chosen": chosen,
            "per_manager": report_selectors.completion_per_manager(chosen) if chosen else [],
            "distribution": report_selectors.rating_distribution(chosen) if chosen else [],
            "page_obj": overdue,
        },
    )
