"""Interview pages: schedule, edit, cancel and the interview kit."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES
from recruiting.forms.interviews import InterviewForm
from recruiting.selectors import interviews as interview_selectors
from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.services import interviews as interview_services
from recruiting.views.access import MANAGER_ROLES, _manageable, _render


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def interview_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interview_services.interview_schedule(
                application=application, by=request.user, **form.cleaned_data
            )
        except DomainError as refused:
            form.add_error(None, refused.text)
        else:
            messages.success(request, "Interview scheduled; the interviewers were invited.")
            return redirect("recruiting:application_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return _render(
        request,
        "recruiting/interview_form.html",
        {"form": form, "application": application, "time_zone": settings.TIME_ZONE},
        status,
    )


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def interview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_selectors.interview_get_for_user(request.user, pk)
    application = _manageable(request, interview.application_id)
    initial = {
        "kind": interview.kind,
        "starts_at": interview.starts_at,
        "duration_minutes": interview.duration_minutes,
        "location": interview.location,
        "video_link": interview.video_link,
        "interviewers": list(interview.interviewers.all()),
    }
    form = InterviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interview_services.interview_update(
                interview=interview, by=request.user, **form.cleaned_data
            )
        except DomainError as refused:
            form.add_error(None, refused.text)
        else:
            messages.success(request, "Interview changed; the interviewers were sent an update.")
            return redirect("recruiting:application_detail", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return _render(
        request,
        "recruiting/interview_form.html",
        {
            "form": form,
            "application": application,
            "interview": interview,
            "time_zone": settings.TIME_ZONE,
        },
        status,
    )


@require_POST
@role_required(*MANAGER_ROLES)
def interview_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    interview = interview_selectors.interview_get_for_user(request.user, pk)
    _manageable(request, interview.application_id)
    interview_services.interview_cancel(interview=interview, by=request.user)
    messages.success(request, "Interview cancelled; the interviewers were told.")
    return redirect("recruiting:application_detail", pk=interview.application_id)


@require_GET
@role_required(*RECRUITING_ROLES)
def interview_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate, the criteria with their guidance and anchors, and suggested questions."""
    interview = interview_selectors.interview_get_for_user(request.user, pk)
    template = scorecard_selectors.template_for(interview.application)
    criteria = list(template.criteria.all()) if template else []
    is_interviewer = interview.interviewers.filter(pk=request.user.pk).exists()
    return render(
        request,
        "recruiting/interview_kit.html",
        {
            "interview": interview,
            "application": interview.application,
            "candidate": interview.application.candidate,
            "criteria": criteria,
            "is_interviewer": is_interviewer,
            "panel": list(interview.interviewers.all()),
        },
    )
