"""Hiring managers' pages: my requisitions, the board, moves, status changes and the report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.people.roles import RECRUITING_ROLES, Role
from recruiting import hiring_selectors, selectors, services
from recruiting.forms import MoveForm, RequisitionForm, RequisitionTransitionForm
from recruiting.models import Application, ApplicationInterviewer, Requisition

MANAGER_ROLES = (Role.HR, Role.HIRING_MANAGER)


@require_GET
@role_required(*RECRUITING_ROLES)
def landing(request: HttpRequest) -> HttpResponse:
    """My requisitions (HR: all of them), and for interviewers the applications assigned."""
    user = request.user
    assigned = list(
        ApplicationInterviewer.objects.filter(user=user)
        .select_related("application__candidate", "application__requisition")
        .order_by("-assigned_at")[:50]
    )
    page = Paginator(selectors.requisitions_for_user(user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "recruiting/my_requisitions.html",
        {
            "page_obj": page,
            "requisitions": selectors.with_stage_counts(page.object_list),
            "assigned": assigned,
            "stages": list(Application.Stage),
            "is_manager": user.has_role(*MANAGER_ROLES),
        },
    )


def _board_context(request: HttpRequest, requisition: Requisition) -> dict:
    columns, closed = selectors.board_for(requisition)
    return {
        "requisition": requisition,
        "columns": columns,
        "closed": closed,
        "stages": [(s.value, s.label) for s in selectors.BOARD_STAGES],
        "can_manage": request.user.is_hr or requisition.hiring_manager_id == request.user.pk,
        "transitions": [
            (status, Requisition.Status(status).label)
            for status in requisition.transitions_for(request.user)
        ],
        "status_events": list(requisition.events.select_related("by").order_by("-at", "-pk")[:20]),
        "can_edit": request.user.is_hr or requisition.status == Requisition.Status.DRAFT,
        "now": timezone.now(),
    }


@require_GET
@role_required(*MANAGER_ROLES)
def requisition_board(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, pk)
    return render(request, "recruiting/board.html", _board_context(request, requisition))


@require_POST
@role_required(*MANAGER_ROLES)
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A board move: a drop (htmx) or the card's small form; both post the same fields."""
    application = selectors.application_get_for_user(request.user, pk)
    if not Application.objects.manageable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    form = MoveForm(request.POST)
    error = None
    if not form.is_valid():
        error = "Choose a stage to move to."
    elif form.cleaned_data["to_stage"] == Application.Stage.HIRED:
        # Only an accepted offer hires: it creates the account and the employee record too.
        error = (
            "Nothing was moved: a candidate is hired when they accept their offer. "
            "Record that on the application page, under Offers."
        )
    elif (
        form.cleaned_data["to_stage"] == Application.Stage.OFFER
        and not request.POST.get("confirmed")
        and (warnings := hiring_selectors.balance_warnings(application))
    ):
        # A balanced decision: skills and culture fit both assessed, or a conscious override.
        if request.htmx:
            error = " ".join(warnings) + " Nothing was moved: confirm on the application page."
        else:
            return render(
                request,
                "recruiting/offer_confirm.html",
                {"application": application, "warnings": warnings, "form": form},
            )
    else:
        try:
            services.application_move(
                application=application,
                to_stage=form.cleaned_data["to_stage"],
                by=request.user,
                note=form.cleaned_data["note"],
                expected_stage=form.cleaned_data["expected_stage"] or None,
            )
        except services.StageMoveRefused as refused:
            error = str(refused)
    if request.htmx:
        requisition = selectors.requisition_get_for_user(request.user, application.requisition_id)
        # A refused move still answers 200: the fresh board replaces the stale one, with the
        # reason on top (htmx would not swap a 4xx).
        context = _board_context(request, requisition) | {"board_error": error}
        return render(request, "recruiting/_board_columns.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, f"{application.candidate} moved to {application.get_stage_display()}."
        )
    next_url = request.POST.get("next")
    if next_url == "application":
        return redirect("recruiting:application_detail", pk=application.pk)
    return redirect("recruiting:requisition_board", pk=application.requisition_id)


@require_POST
@role_required(*MANAGER_ROLES)
def requisition_transition(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, pk)
    form = RequisitionTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the requisition.")
    else:
        try:
            services.requisition_transition(
                requisition=requisition,
                to_status=form.cleaned_data["to_status"],
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except services.RequisitionTransitionRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request, f"“{requisition}” is now {requisition.get_status_display().lower()}."
            )
    return redirect("recruiting:requisition_board", pk=requisition.pk)


@require_GET
@role_required(*MANAGER_ROLES)
def requisition_report(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, pk)
    report = selectors.requisition_report(requisition)
    funnel = report["funnel"]
    return render(
        request,
        "recruiting/report.html",
        {
            "requisition": requisition,
            "report": report,
            "chart_labels": "|".join(row.stage.label for row in funnel),
            "chart_values": ",".join(str(row.reached) for row in funnel),
        },
    )


def _requisition_form_page(request, form, requisition=None, status=200) -> HttpResponse:
    response = render(
        request, "recruiting/requisition_form.html", {"form": form, "requisition": requisition}
    )
    response.status_code = status
    return response


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def requisition_create(request: HttpRequest) -> HttpResponse:
    """A hiring manager (or HR, for anyone) drafts a requisition, then submits it."""
    form = RequisitionForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return _requisition_form_page(request, form, status=400)
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        manager = data.pop("hiring_manager", None) or request.user
        requisition = services.requisition_create(
            by=request.user, hiring_manager=manager, skills=skills, **data
        )
        messages.success(request, "Draft saved. Submit it for approval when it is ready.")
        return redirect("recruiting:requisition_board", pk=requisition.pk)
    return _requisition_form_page(request, form)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def requisition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, pk)
    if requisition.status != Requisition.Status.DRAFT and not request.user.is_hr:
        raise PermissionDenied
    form = RequisitionForm(request.POST or None, instance=requisition, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            return _requisition_form_page(request, form, requisition, status=400)
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        try:
            services.requisition_update(
                requisition=requisition, by=request.user, skills=skills, **data
            )
        except services.RequisitionTransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect("recruiting:requisition_board", pk=requisition.pk)
        messages.success(request, "Requisition saved.")
        return redirect("recruiting:requisition_board", pk=requisition.pk)
    return _requisition_form_page(request, form, requisition)
