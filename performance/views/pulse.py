"""Pulse survey pages: HR defines surveys and reads results; everyone answers in a minute."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import Role
from performance.models import PulseAnswer, PulseParticipation
from performance.models.pulse import PULSE_ITEMS, pulse_min_group
from performance.pulse_forms import PulseAnswerForm, PulseSurveyForm
from performance.selectors import pulse as selectors
from performance.services import pulse as services
from performance.views.home import PERFORMANCE_ROLES


@require_GET
@role_required(*PERFORMANCE_ROLES)
def pulse_surveys(request: HttpRequest) -> HttpResponse:
    """HR: every survey and its rounds; a manager: the surveys their team was asked in."""
    surveys = selectors.surveys_for_user(request.user)
    return render(request, "performance/pulse/surveys.html", {"surveys": surveys})


@require_http_methods(["GET", "POST"])
@role_required(Role.HR)
def pulse_survey_new(request: HttpRequest) -> HttpResponse:
    form = PulseSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.pulse_survey_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"“{survey}” is scheduled.")
            return redirect("performance:pulse_results", survey.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "minimum": pulse_min_group()}
    return render(request, "performance/pulse/survey_form.html", context, status=status)


def _results(request: HttpRequest, pk: int):
    survey = selectors.survey_get_for_user(request.user, pk)
    scope, scopes = selectors.scope_for(request.user, survey, request.GET)
    results = selectors.round_results(survey, scope)
    return survey, scope, scopes, results


@require_GET
@role_required(*PERFORMANCE_ROLES)
def pulse_results(request: HttpRequest, pk: int) -> HttpResponse:
    """eNPS and items per round for one group, with the trend; HR sees all, a manager their
    team. Rounds with fewer than the minimum answers are withheld."""
    survey, scope, scopes, results = _results(request, pk)
    shown = [r for r in results if not r.withheld]
    latest = shown[-1] if shown else None
    comments = (
        selectors.round_comments(
            latest.round, scope, respondents=latest.respondents, user=request.user
        )
        if latest
        else []
    )
    context = {
        "survey": survey,
        "scope": scope,
        "scopes": scopes,
        "results": list(reversed(results)),
        "latest": latest,
        "chart": selectors.chart_data(results),
        "items": [selectors.ITEM_LABELS[key] for key, _ in PULSE_ITEMS],
        "comments": comments,
        "minimum": pulse_min_group(),
        "refused": results and not shown,
        "rounds": selectors.rounds_overview(survey) if request.user.is_hr else [],
    }
    return render(request, "performance/pulse/results.html", context)


@require_GET
@role_required(Role.HR)
def pulse_results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The same figures as the page, as CSV: withheld rounds are exported empty."""
    survey, scope, _scopes, results = _results(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pulse-{survey.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["round", "group", "answers", "eNPS", *[selectors.ITEM_LABELS[k] for k, _ in PULSE_ITEMS]]
    )
    for row in results:
        if row.withheld:
            writer.writerow([row.round.opens_on, scope.label, f"fewer than {pulse_min_group()}"])
        else:
            writer.writerow(
                [row.round.opens_on, scope.label, row.respondents, row.enps, *row.item_list]
            )
    return response


@require_POST
@role_required(Role.HR)
def pulse_survey_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """HR pauses or resumes a survey's schedule (`action` = pause | resume)."""
    survey = selectors.survey_get_for_user(request.user, pk)
    action = request.POST.get("action")
    if action == "pause":
        survey = services.pulse_survey_pause(survey=survey, by=request.user)
        messages.success(request, f"“{survey}” is paused: no new round goes out.")
    elif action == "resume":
        survey = services.pulse_survey_resume(survey=survey, by=request.user)
        messages.success(
            request, f"“{survey}” is running again: next round {survey.next_round_on:%-d %b %Y}."
        )
    else:
        return HttpResponse("Choose pause or resume.", status=400, content_type="text/plain")
    return redirect("performance:pulse_results", survey.pk)


@require_POST
@role_required(Role.HR)
def pulse_comment_hide(request: HttpRequest, pk) -> HttpResponse:
    answer = get_object_or_404(PulseAnswer.objects.exclude(comment=""), pk=pk)
    hidden = request.POST.get("hidden", "1") == "1"
    services.pulse_comment_set_hidden(answer=answer, by=request.user, hidden=hidden)
    messages.success(request, "Comment hidden." if hidden else "Comment shown again.")
    survey_pk = answer.round.survey_id
    return redirect("performance:pulse_results", survey_pk)


def _answer(request: HttpRequest, participation: PulseParticipation, *, action: str):
    survey = participation.round.survey
    form = PulseAnswerForm(request.POST or None, ask_comment=survey.ask_comment)
    done = participation.answered
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.pulse_answer(
                participation=participation,
                enps=form.cleaned_data["enps"],
                scores=form.scores(),
                comment=form.cleaned_data.get("comment", ""),
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            done = True
            form = None
    context = {
        "participation": participation,
        "round": participation.round,
        "form": form,
        "done": done,
        "action": action,
        "minimum": pulse_min_group(),
    }
    status = 422 if request.method == "POST" and not done else 200
    return render(request, "performance/pulse/answer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def pulse_answer(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Answer from My work: only a person asked in the round reaches it."""
    participation = selectors.participation_get_for_user(request.user, round_pk)
    return _answer(request, participation, action=request.path)


@login_not_required
@require_http_methods(["GET", "POST"])
def pulse_answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """Answer from the emailed link: the signed token is the invitation, no sign-in needed."""
    participation = services.pulse_link_participation(token)
    if participation is None:
        raise Http404
    return _answer(request, participation, action=request.path)
