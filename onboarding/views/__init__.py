"""Onboarding pages: thin — parse, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from backoffice.core.access import role_required
from backoffice.core.downloads import file_download
from backoffice.core.net import client_address
from backoffice.core.pagination import EstimatedCountPaginator
from backoffice.core.params import query_int
from backoffice.core.uploads import served_filename
from backoffice.people import selectors as people_selectors
from backoffice.people.models import Department
from backoffice.people.roles import Role
from onboarding import selectors, services
from onboarding.filters import PlanItemFilter
from onboarding.forms import PolicyAcceptForm, QuizForm, UploadForm
from onboarding.models import ItemKind, OnboardingPlan

PAGE_SIZE = 25
app_roles = role_required(Role.EMPLOYEE, Role.HR)


def _require_overseer(user) -> None:
    """Boards are for HR and for managers of at least one person."""
    if not (user.is_hr or selectors.manages_anyone(user)):
        raise PermissionDenied


@require_GET
@app_roles
def landing(request: HttpRequest) -> HttpResponse:
    employee = people_selectors.employee_for_user(request.user)
    today = timezone.localdate()
    context = {
        "employee": employee,
        "today": today,
        "days_to_start": (employee.start_date - today).days if employee else None,
        "overseer": request.user.is_hr or selectors.manages_anyone(request.user),
        "it_member": request.user.has_role(Role.IT),
    }
    if employee is not None:
        context["my"] = my = selectors.my_onboarding(employee, today=today)
        for period in my.periods:
            for item in period.items:
                item.can_tick = item.can_complete(request.user)
        for item in my.others:
            item.can_tick = item.can_complete(request.user)
    return render(request, "onboarding/landing.html", context)


def _completion_form(item, data=None, files=None):
    if item.kind == ItemKind.POLICY and item.policy.current_version:
        return PolicyAcceptForm(data, version_number=item.policy.current_version.number)
    if item.kind == ItemKind.TRAINING and item.training.has_quiz:
        return QuizForm(data, module=item.training)
    if item.kind == ItemKind.UPLOAD:
        return UploadForm(data, files)
    return None


def _render_item(request, item, form=None, status=200, attempt=None) -> HttpResponse:
    context = {
        "item": item,
        "form": form if form is not None else _completion_form(item),
        "can_complete": item.can_complete(request.user) and not item.is_done,
        "today": timezone.localdate(),
        "attempt": attempt,
        **selectors.item_page_extras(item, request.user),
    }
    return render(request, "onboarding/item_detail.html", context, status=status)


@require_GET
@app_roles
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_item(request, selectors.item_get_for_user(request.user, pk))


def _row_response(request, pk: int, error: str = "") -> HttpResponse:
    """htmx: the item's row again, plus the progress bar swapped out of band."""
    item = selectors.item_get_for_user(request.user, pk)
    item.can_tick = item.can_complete(request.user)
    context = {
        "item": item,
        "error": error,
        "today": timezone.localdate(),
        "progress": selectors.plan_progress(item.plan),
        "oob": True,
    }
    return render(request, "onboarding/_item_row.html", context)


def _quiz_submit(request, item, form: QuizForm) -> HttpResponse:
    attempt = services.quiz_submit(item=item, by=request.user, answers=form.answers())
    if attempt.passed:
        messages.success(request, f"Passed with {attempt.score_percent}%: {item.title} is done.")
        return redirect("onboarding:landing")
    # A failed quiz is part of learning, not an error: the same page, the wrong questions
    # marked (never the right answers), the answers kept for the retry.
    form.mark_wrong(attempt.wrong_question_ids)
    return _render_item(request, item, form, attempt=attempt)


@require_POST
@app_roles
def item_complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(request.user, pk)
    if not item.can_complete(request.user):
        raise PermissionDenied
    form = _completion_form(item, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        return _render_item(request, item, form, status=400)
    if isinstance(form, QuizForm):
        return _quiz_submit(request, item, form)
    try:
        services.item_complete(
            item=item,
            by=request.user,
            accept_version=form.version_number if isinstance(form, PolicyAcceptForm) else None,
            upload=form.cleaned_data["document"] if isinstance(form, UploadForm) else None,
            ip_address=client_address(request),
        )
    except ValidationError as error:
        if request.htmx:
            return _row_response(request, item.pk, error=" ".join(error.messages))
        form = form or _completion_form(item)
        if form is not None:
            form.add_error(None, error)
            return _render_item(request, item, form, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("onboarding:item", pk=item.pk)
    if request.htmx:
        return _row_response(request, item.pk)
    messages.success(request, f"Done: {item.title}.")
    next_url = (
        reverse("onboarding:landing")
        if item.plan.employee.user_id == request.user.pk
        else reverse("onboarding:employee", args=[item.plan.employee_id])
    )
    return redirect(next_url)


@require_GET
@app_roles
def item_document(request: HttpRequest, pk: int) -> FileResponse:
    item = selectors.item_get_for_user(request.user, pk)
    if not item.upload:
        raise Http404("Nothing was uploaded for this item.")
    return file_download(
        item.upload,
        filename=served_filename(item.upload_name or "document", item.upload_content_type),
        content_type=item.upload_content_type,
    )


@require_GET
@app_roles
def training_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.training_attachment_get_for_user(request.user, pk)
    return file_download(
        attachment.file, filename=attachment.name, content_type=attachment.content_type
    )


@require_GET
@app_roles
def policy_pdf(request: HttpRequest, pk: int) -> FileResponse:
    # Policies are company documents every employee may read.
    # Published versions are company documents every employee may read; drafts are HR's.
    version = selectors.policy_version_get_for_user(request.user, pk)
    if not version.pdf:
        raise Http404("This version has no PDF.")
    return file_download(
        version.pdf,
        filename=f"{version.policy.title} v{version.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
@app_roles
def team_board(request: HttpRequest) -> HttpResponse:
    _require_overseer(request.user)
    show = request.GET.get("show", "open")
    if show not in {"open", "complete", "all"}:
        show = "open"
    plans = selectors.team_board(request.user, show=show)
    page = EstimatedCountPaginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for plan in page:
        plan.days_to_start = (plan.employee.start_date - today).days
        plan.percent = round(100 * plan.done / plan.total) if plan.total else 0
    return render(request, "onboarding/team_board.html", {"page_obj": page, "show": show})


@require_GET
@app_roles
def items_list(request: HttpRequest) -> HttpResponse:
    overseer = request.user.is_hr or selectors.manages_anyone(request.user)
    if not (overseer or request.user.has_role(Role.IT)):
        raise PermissionDenied
    filterset = PlanItemFilter(request.GET, queryset=selectors.items_for_user(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "today": timezone.localdate(),
        "overseer": overseer,
    }
    return render(request, "onboarding/items_list.html", context)


@require_GET
@role_required(Role.HR)
def training_matrix(request: HttpRequest) -> HttpResponse:
    departments = list(Department.objects.all())
    department_id = query_int(request.GET, "department")
    employees = selectors.matrix_employees(department_id=department_id)
    page = EstimatedCountPaginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    modules = selectors.required_modules()
    rows = selectors.training_matrix_rows(list(page), modules)
    context = {
        "page_obj": page,
        "modules": modules,
        "rows": rows,
        "departments": departments,
        "department_id": department_id,
    }
    return render(request, "onboarding/training_matrix.html", context)


@require_GET
@app_roles
def employee_audit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_get_for_user(request.user, pk)
    audit = selectors.employee_audit(employee)
    return render(
        request,
        "onboarding/employee_audit.html",
        {"audit": audit, "today": timezone.localdate()},
    )


@require_POST
@role_required(Role.HR)
def employee_activate(request: HttpRequest, pk: int) -> HttpResponse:
    employee = selectors.employee_get_for_user(request.user, pk)
    plan = get_object_or_404(OnboardingPlan, employee=employee)
    try:
        services.plan_employee_activate(plan=plan, by=request.user)
    except (ValidationError, ValueError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, f"{employee} is now active.")
    return redirect("onboarding:employee", pk=employee.pk)
