"""Requisition pages: my requisitions, the board, status changes, the report and the ranking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES
from recruiting import services
from recruiting.forms.requisitions import RequisitionForm, RequisitionTransitionForm
from recruiting.models.candidates import Application, ApplicationInterviewer
from recruiting.models.requisitions import Requisition
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import requisitions as requisition_selectors
from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.views.access import MANAGER_ROLES


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
    page = Paginator(requisition_selectors.requisitions_for_user(user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recruiting/my_requisitions.html",
        {
            "page_obj": page,
            "requisitions": requisition_selectors.with_stage_counts(page.object_list),
            "assigned": assigned,
            "stages": list(Application.Stage),
            "is_manager": user.has_role(*MANAGER_ROLES),
        },
    )


def url_of_pk(name: str):
    """recruiting:`name`'s URL for any pk from one reverse(): two per card were a tenth of a
    board's 150 cards (resolver, prefix and language lookups each time)."""
    marker = "9" * 15
    head, tail = reverse(f"recruiting:{name}", args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _board_context(request: HttpRequest, requisition: Requisition) -> dict:
    sorts = candidate_selectors.board_sorts_for(request.user, requisition)
    sort = request.GET.get("sort") or request.POST.get("sort")
    sort = sort if sort in sorts else "newest"
    columns, closed = candidate_selectors.board_for(requisition, request.user, sort=sort)
    detail_url, move_url = url_of_pk("application_detail"), url_of_pk("application_move")
    for column in columns:
        for application in column.applications:
            application.detail_url = detail_url(application.pk)
            application.move_url = move_url(application.pk)
    return {
        "requisition": requisition,
        "columns": columns,
        "closed": closed,
        "sort": sort,
        "sorts": list(sorts.items()),
        "stages": [(s.value, s.label) for s in candidate_selectors.BOARD_STAGES],
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
    requisition = requisition_selectors.requisition_get_for_user(request.user, pk)
    return render(request, "recruiting/board.html", _board_context(request, requisition))


@require_POST
@role_required(*MANAGER_ROLES)
def requisition_transition(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = requisition_selectors.requisition_get_for_user(request.user, pk)
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
        except DomainError as refused:
            messages.error(request, refused.text)
        else:
            messages.success(
                request, f"“{requisition}” is now {requisition.get_status_display().lower()}."
            )
    return redirect("recruiting:requisition_board", pk=requisition.pk)


@require_GET
@role_required(*MANAGER_ROLES)
def requisition_report(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = requisition_selectors.requisition_get_for_user(request.user, pk)
    report = requisition_selectors.requisition_report(requisition)
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
    requisition = requisition_selectors.requisition_get_for_user(request.user, pk)
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
        except DomainError as refused:
            messages.error(request, refused.text)
            return redirect("recruiting:requisition_board", pk=requisition.pk)
        messages.success(request, "Requisition saved.")
        return redirect("recruiting:requisition_board", pk=requisition.pk)
    return _requisition_form_page(request, form, requisition)


# --- Ranking -----------------------------------------------------------------------------------


@require_GET
@role_required(*MANAGER_ROLES)
def requisition_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = requisition_selectors.requisition_get_for_user(request.user, pk)
    # Ranked in Python (scores are aggregated), then paginated: 50 a page.
    page = Paginator(scorecard_selectors.ranking_for(requisition, request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recruiting/ranking.html",
        {"requisition": requisition, "applications": page.object_list, "page_obj": page},
    )
