from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.access import role_required
from backoffice.core.pagination import EstimatedCountPaginator
from backoffice.people import selectors as people_selectors
from backoffice.people.models import Employee
from performance.forms import MeasurementForm, MeasurementImportForm
from performance.selectors import metrics as selectors
from performance.services import metrics as services
from performance.views.home import PERFORMANCE_ROLES

TEAM_PAGE_SIZE = 25


def _measurable_employees(user):
    """The people whose numbers `user` enters: their reports, or everyone for HR."""
    employees = Employee.objects.select_related("user", "role_family").exclude(
        status=Employee.Status.LEFT
    )
    return employees if user.is_hr else employees.filter(manager__user=user)


@require_GET
@role_required(*PERFORMANCE_ROLES)
def employee_metrics(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_get_for_user(request.user, pk)
    summaries = selectors.metric_summaries(employee)
    return render(
        request,
        "performance/employee_metrics.html",
        {"employee": employee, "summaries": summaries},
    )


@require_GET
@role_required(*PERFORMANCE_ROLES)
def team_metrics(request: HttpRequest) -> HttpResponse:
    """Who in the team is on or off target: a manager's reports, or everyone for HR."""
    # HR sees everyone: their own employee record is neither a condition nor the scope.
    scope = None
    if not request.user.is_hr:
        scope = people_selectors.employee_for_user(request.user)
        if scope is None or not scope.reports.exists():
            raise PermissionDenied
    ids = Employee.objects.visible_to(request.user).exclude(status=Employee.Status.LEFT)
    if scope is not None:
        ids = ids.filter(manager=scope)
    page = EstimatedCountPaginator(
        ids.order_by("user__first_name", "user__last_name", "pk").values_list("pk", flat=True),
        TEAM_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    rows = selectors.team_metrics(scope, request.user, employee_ids=list(page.object_list))
    rows.sort(key=lambda row: (-row.off_target, str(row.employee)))
    trends = selectors.team_trends(scope, request.user)
    return render(
        request,
        "performance/team_metrics.html",
        {"rows": rows, "page_obj": page, "trends": trends},
    )


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def measurement_new(request: HttpRequest) -> HttpResponse:
    employees = _measurable_employees(request.user)
    if not request.user.is_hr and not employees.exists():
        raise PermissionDenied
    form = MeasurementForm(
        request.POST or None, employees=employees, initial={"employee": request.GET.get("employee")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            employee = form.cleaned_data["employee"]
            messages.success(request, f"Saved {form.cleaned_data['metric'].name} for {employee}.")
            return redirect("performance:employee_metrics", pk=employee.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "performance/measurement_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def measurement_import(request: HttpRequest) -> HttpResponse:
    employees = _measurable_employees(request.user)
    if not request.user.is_hr and not employees.exists():
        raise PermissionDenied
    form = MeasurementImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.measurements_import(
            text=form.cleaned_data["file"], by=request.user, mode=form.cleaned_data["mode"]
        )
    # A report is the answer to the upload, even when it says nothing was imported.
    status = 422 if request.method == "POST" and report is None else 200
    return render(
        request,
        "performance/measurement_import.html",
        {
            "form": form,
            "report": report,
            "columns": services.CSV_COLUMNS,
            "example": selectors.measurement_import_example(employees),
        },
        status=status,
    )
