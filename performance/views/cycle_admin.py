"""HR's cockpit of a review cycle in the admin, and the confirmation page of each button.

Each button (Launch, Remind, Advance, Close) is a GET that says exactly what will happen and a
POST that does it through the cycle's service. The POST carries the step the page was showing:
a double click or a colleague's click in between is refused with a message, never done twice.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from performance.forms import CycleCopyForm
from performance.models import ReviewCycle
from performance.selectors import cockpit as selectors
from performance.selectors import cycles as cycle_selectors
from performance.services import cycles as services

Step = ReviewCycle.Status


def require_http_methods(methods: list[str]):
    """Django's decorator of the same name, for views that take the ModelAdmin first."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(model_admin, request, *args, **kwargs):
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(model_admin, request, *args, **kwargs)

        return wrapped

    return decorate


def _cycle(model_admin, request, object_id, *, change: bool) -> ReviewCycle:
    cycle = model_admin.get_object(request, object_id)
    if cycle is None:
        raise Http404("No such cycle")
    allowed = (
        model_admin.has_change_permission(request, cycle)
        if change
        else model_admin.has_view_permission(request, cycle)
    )
    if not allowed:
        raise PermissionDenied
    return cycle


def _context(model_admin, request, cycle, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "cycle": cycle,
        "original": cycle,
        "title": title,
        "cockpit_url": reverse("admin:performance_reviewcycle_cockpit", args=[cycle.pk]),
        **extra,
    }


def cockpit_buttons(cycle: ReviewCycle) -> list[dict]:
    """The buttons the cycle's step allows, with the page that confirms each."""
    buttons = []

    def button(name, label, primary=False):
        url = reverse(f"admin:performance_reviewcycle_{name}", args=[cycle.pk])
        buttons.append({"name": name, "label": label, "url": url, "primary": primary})

    if cycle.status == Step.DRAFT:
        button("launch", "Launch", primary=True)
    if cycle.is_open:
        if cycle.status in selectors.STEP_ACTOR:
            button("remind", "Remind")
        next_status = cycle.next_status()
        if next_status and next_status != Step.CLOSED:
            button("advance", f"Advance to {Step(next_status).label.lower()}", primary=True)
        button("close", "Close")
    return buttons


@require_http_methods(["GET"])
def cycle_cockpit(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    cycle = _cycle(model_admin, request, object_id, change=False)
    context = _context(
        model_admin,
        request,
        cycle,
        str(cycle),
        cockpit=selectors.cycle_cockpit(cycle),
        buttons=cockpit_buttons(cycle) if model_admin.has_change_permission(request, cycle) else [],
        today=timezone.localdate(),
    )
    return TemplateResponse(request, "admin/performance/reviewcycle/cockpit.html", context)


def _confirm(model_admin, request, cycle, *, action: str, title: str, button: str, **extra):
    context = _context(model_admin, request, cycle, title, action=action, button=button, **extra)
    return TemplateResponse(request, "admin/performance/reviewcycle/confirm.html", context)


def _done(request, cycle, run, said) -> HttpResponse:
    try:
        result = run(cycle=cycle, by=request.user, expected_status=request.POST.get("step"))
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, said(result))
    return redirect("admin:performance_reviewcycle_cockpit", cycle.pk)


@require_http_methods(["GET", "POST"])
def cycle_launch(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    cycle = _cycle(model_admin, request, object_id, change=True)
    if request.method == "POST":
        return _done(
            request,
            cycle,
            services.review_cycle_launch,
            lambda result: f"Launched: {services.launch_summary(result)}.",
        )
    plan = cycle_selectors.launch_plan(cycle)
    return _confirm(
        model_admin,
        request,
        cycle,
        action="launch",
        title=f"Launch {cycle}?",
        button="Launch the cycle",
        plan=plan,
    )


@require_http_methods(["GET", "POST"])
def cycle_remind(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    cycle = _cycle(model_admin, request, object_id, change=True)
    if request.method == "POST":
        return _done(
            request,
            cycle,
            services.review_cycle_remind,
            lambda result: (
                f"Reminder asked for {result.people} people; each gets at most one a day "
                f"for this step (going out {result.day:%a %d %b})."
            ),
        )
    return _confirm(
        model_admin,
        request,
        cycle,
        action="remind",
        title=f"Remind people on {cycle.get_status_display().lower()}?",
        button="Send the reminders",
        plan=cycle_selectors.remind_plan(cycle),
    )


@require_http_methods(["GET", "POST"])
def cycle_advance(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    cycle = _cycle(model_admin, request, object_id, change=True)
    if request.method == "POST":
        return _done(
            request,
            cycle,
            services.review_cycle_advance,
            lambda moved: f"The cycle is now at {moved.get_status_display().lower()}.",
        )
    plan = cycle_selectors.advance_plan(cycle) if cycle.is_open else None
    next_label = Step(plan.to_step).label.lower() if plan and plan.to_step else ""
    return _confirm(
        model_admin,
        request,
        cycle,
        action="advance",
        title=f"Advance {cycle} to {next_label}?" if next_label else f"Advance {cycle}?",
        button=f"Advance to {next_label}",
        plan=plan,
        to_label=next_label,
    )


@require_http_methods(["GET", "POST"])
def cycle_close(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    cycle = _cycle(model_admin, request, object_id, change=True)
    if request.method == "POST":
        return _done(request, cycle, services.review_cycle_close, lambda _: "The cycle is closed.")
    return _confirm(
        model_admin,
        request,
        cycle,
        action="close",
        title=f"Close {cycle}?",
        button="Close the cycle",
        plan=cycle_selectors.advance_plan(cycle, closing=True) if cycle.is_open else None,
    )


@require_http_methods(["GET"])
def cycle_preview(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """The questionnaire as the employee (self review) and the manager will see it."""
    cycle = _cycle(model_admin, request, object_id, change=False)
    context = _context(
        model_admin,
        request,
        cycle,
        f"Preview of {cycle}",
        questions=list(cycle.questions.all()),
        potential_choices=cycle.reviews.model.Potential.choices,
    )
    return TemplateResponse(request, "admin/performance/reviewcycle/preview.html", context)


@require_http_methods(["GET", "POST"])
def cycle_copy(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """A new draft cycle from this one (participants' rules, questions, step offsets)."""
    source = _cycle(model_admin, request, object_id, change=False)
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    length = source.period_end - source.period_start
    start = source.period_end + datetime.timedelta(days=1)
    form = CycleCopyForm(
        request.POST or None,
        initial={"name": "", "period_start": start, "period_end": start + length},
    )
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.review_cycle_copy(source=source, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.text)
        else:
            messages.success(
                request,
                f"{cycle} created from {source}: check its people and dates, preview it, then "
                "launch it from its cockpit.",
            )
            return redirect("admin:performance_reviewcycle_cockpit", cycle.pk)
    context = _context(
        model_admin,
        request,
        source,
        f"New cycle from {source}",
        form=form,
        due_dates=[(Step(step).label, source.due_for(step)) for step in source.steps()],
    )
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(
        request, "admin/performance/reviewcycle/copy.html", context, status=status
    )
