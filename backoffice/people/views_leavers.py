"""HR's leavers pages and the leaver's exit questionnaire."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.core.spreadsheet import csv_text
from backoffice.people import selectors, services, turnover
from backoffice.people.forms import ExitAnswerForm, LeavingForm, LeavingLastDayForm
from backoffice.people.roles import Role

LEAVER_PAGE_ROLES = (Role.HR, Role.HIRING_MANAGER, Role.EMPLOYEE)


@require_GET
@role_required(*LEAVER_PAGE_ROLES)
def leaver_list(request: HttpRequest) -> HttpResponse:
    leavings = list(selectors.leavings_visible(request.user)[:500])
    return render(request, "people/leaver_list.html", {"leavings": leavings})


@require_http_methods(["GET", "POST"])
@role_required(Role.HR)
def leaver_new(request: HttpRequest) -> HttpResponse:
    form = LeavingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leaving = services.leaving_record(by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.text)
        else:
            messages.success(request, f"Recorded: {leaving}.")
            return redirect("people:leaver", leaving.pk)
    return render(request, "people/leaver_form.html", {"form": form})


@require_GET
@role_required(*LEAVER_PAGE_ROLES)
def leaver_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leaving = selectors.leaving_get_for_user(request.user, pk)
    context = {"leaving": leaving, "is_hr": request.user.is_hr}
    if request.user.is_hr:  # exit answers, notes and the link are HR's only
        context["exit_answer"] = getattr(leaving, "exit_answer", None)
        # Links are built from SITE_URL, never from the request's Host header.
        context["exit_link"] = settings.SITE_URL.rstrip("/") + _exit_link_path(
            selectors.exit_link_token(leaving)
        )
        if leaving.can_change(timezone.localdate()):
            context["last_day_form"] = LeavingLastDayForm(initial={"last_day": leaving.last_day})
    return render(request, "people/leaver_detail.html", context)


def _leaving_or_gone(request: HttpRequest, pk: int):
    """The leaving to change, or None when it is gone (cancelled: a second submit)."""
    try:
        return selectors.leaving_get_for_user(request.user, pk)
    except Http404:
        messages.info(request, "That leaving is no longer recorded: it was cancelled.")
        return None


@require_POST
@role_required(Role.HR)
def leaver_last_day(request: HttpRequest, pk: int) -> HttpResponse:
    """HR moves the last day; the checklist's due dates and the end of access follow."""
    leaving = _leaving_or_gone(request, pk)
    if leaving is None:
        return redirect("people:leavers")
    form = LeavingLastDayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the new last day as a date.")
        return redirect("people:leaver", leaving.pk)
    try:
        leaving = services.leaving_last_day_change(
            leaving=leaving, last_day=form.cleaned_data["last_day"], by=request.user
        )
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, f"The last day is now {leaving.last_day:%-d %b %Y}.")
    return redirect("people:leaver", leaving.pk)


@require_http_methods(["GET", "POST"])
@role_required(Role.HR)
def leaver_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """HR cancels a leaving before the last day ends (GET asks to confirm): the person stays."""
    leaving = _leaving_or_gone(request, pk)
    if leaving is None:
        return redirect("people:leavers")
    error = None
    if request.method == "POST":
        try:
            employee = services.leaving_cancel(leaving=leaving, by=request.user)
        except DomainError as failure:
            error = failure.text
        else:
            messages.success(request, f"The leaving is cancelled: {employee} stays.")
            return redirect("people:leavers")
    context = {"leaving": leaving, "error": error}
    return render(request, "people/leaver_cancel.html", context, status=422 if error else 200)


def _exit_link_path(token: str) -> str:
    return reverse("people:exit_link", args=[token])


def _questionnaire(request: HttpRequest, leaving, *, post_to: str) -> HttpResponse:
    if not services.exit_answer_can_submit(leaving):
        return render(request, "people/exit_closed.html", {"leaving": leaving}, status=200)
    form = ExitAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exit_answer_submit(leaving=leaving, answers=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.text)
        else:
            return render(request, "people/exit_thanks.html", {"leaving": leaving})
    return render(
        request,
        "people/exit_form.html",
        {"form": form, "leaving": leaving, "post_to": post_to},
    )


@require_http_methods(["GET", "POST"])
def exit_questionnaire(request: HttpRequest) -> HttpResponse:
    """The signed-in leaver's own questionnaire."""
    leaving = selectors.leaving_of_user(request.user)
    if leaving is None or not leaving.exit_questionnaire:
        raise Http404("No exit questionnaire for you")
    return _questionnaire(request, leaving, post_to=request.path)


@login_not_required
@require_http_methods(["GET", "POST"])
def exit_questionnaire_link(request: HttpRequest, token: str) -> HttpResponse:
    """The same questionnaire through the signed link HR sends (e.g. to a private address)."""
    leaving = selectors.leaving_from_exit_token(token)
    if not leaving.exit_questionnaire:
        raise Http404("No exit questionnaire")
    if request.user.is_authenticated and request.user.pk != leaving.employee.user_id:
        raise PermissionDenied("This link is for the leaver only.")
    return _questionnaire(request, leaving, post_to=request.path)


def _months(request: HttpRequest) -> int:
    try:
        months = int(request.GET.get("months", turnover.DEFAULT_MONTHS))
    except ValueError:
        return turnover.DEFAULT_MONTHS
    return months if months in turnover.PERIODS else turnover.DEFAULT_MONTHS


def _turnover_access(request: HttpRequest) -> None:
    if not turnover.can_see_turnover(request.user):
        raise PermissionDenied("The turnover report is for HR and managers.")


@require_GET
def turnover_report(request: HttpRequest) -> HttpResponse:
    """HR: the whole company; a manager: their own direct reports."""
    _turnover_access(request)
    months = _months(request)
    report = turnover.turnover_report(request.user, months=months)
    return render(
        request,
        "people/turnover.html",
        {"report": report, "months": months, "periods": turnover.PERIODS},
    )


@require_GET
def turnover_export(request: HttpRequest) -> HttpResponse:
    _turnover_access(request)
    report = turnover.turnover_report(request.user, months=_months(request))
    response = HttpResponse(
        csv_text(turnover.turnover_csv_rows(report)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="turnover-{report.last:%Y-%m}.csv"'
    return response
