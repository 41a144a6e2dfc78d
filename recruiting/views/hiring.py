"""Structured hiring pages: interviews and their kit, scorecards, offers, ranking, calibration."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.people.roles import RECRUITING_ROLES, Role
from recruiting import hiring_selectors, selectors
from recruiting.hiring_forms import (
    RECOMMENDATION_CHOICES,
    InterviewForm,
    OfferForm,
    OfferTransitionForm,
    scorecard_inputs,
)
from recruiting.models import Application, Offer, Scorecard, SkillsTest
from recruiting.services import interviews as interview_services
from recruiting.services import offers as offer_services
from recruiting.services import scorecards as scorecard_services

MANAGER_ROLES = (Role.HR, Role.HIRING_MANAGER)


def _manageable(request: HttpRequest, pk: int) -> Application:
    """Visible (else 404) and manageable by this user (else 403)."""
    application = selectors.application_get_for_user(request.user, pk)
    if not Application.objects.manageable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return application


def _render(request, template, context, status=200) -> HttpResponse:
    response = render(request, template, context)
    response.status_code = status
    return response


# --- Interviews -----------------------------------------------------------------------------


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
        except interview_services.InterviewRefused as refused:
            form.add_error(None, str(refused))
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
    interview = hiring_selectors.interview_get_for_user(request.user, pk)
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
        except interview_services.InterviewRefused as refused:
            form.add_error(None, str(refused))
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
    interview = hiring_selectors.interview_get_for_user(request.user, pk)
    _manageable(request, interview.application_id)
    interview_services.interview_cancel(interview=interview, by=request.user)
    messages.success(request, "Interview cancelled; the interviewers were told.")
    return redirect("recruiting:application_detail", pk=interview.application_id)


@require_GET
@role_required(*RECRUITING_ROLES)
def interview_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate, the criteria with their guidance and anchors, and suggested questions."""
    interview = hiring_selectors.interview_get_for_user(request.user, pk)
    template = hiring_selectors.template_for(interview.application)
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


# --- Scorecards -------------------------------------------------------------------------------


def _interviewer_of(request: HttpRequest, pk: int):
    interview = hiring_selectors.interview_get_for_user(request.user, pk)
    if not interview.interviewers.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return interview


def _scorecard_page(
    request, interview, criteria, scorecard, *, values, errors, status=200, amend=None
):
    return _render(
        request,
        "recruiting/scorecard_form.html",
        {
            "interview": interview,
            "application": interview.application,
            "criteria": criteria,
            "scorecard": scorecard,
            "values": values,
            "errors": errors,
            "recommendations": RECOMMENDATION_CHOICES,
            "amend": amend,
            # The data-entry test feeds the data-entry criterion.
            "skills_test": SkillsTest.objects.filter(
                application_id=interview.application_id, submitted_at__isnull=False
            )
            .order_by("-submitted_at")
            .first(),
        },
        status,
    )


def _values_from(post, criteria) -> dict:
    return {
        criterion.pk: {
            "rating": post.get(f"rating_{criterion.pk}", ""),
            "note": post.get(f"note_{criterion.pk}", ""),
        }
        for criterion in criteria
    } | {"recommendation": post.get("recommendation", ""), "summary": post.get("summary", "")}


def _values_of(scorecard: Scorecard | None, criteria) -> dict:
    ratings = {r.criterion_id: r for r in scorecard.ratings.all()} if scorecard else {}
    values = {
        c.pk: {
            "rating": str(ratings[c.pk].rating or "") if c.pk in ratings else "",
            "note": ratings[c.pk].note if c.pk in ratings else "",
        }
        for c in criteria
    }
    values["recommendation"] = scorecard.recommendation if scorecard else ""
    values["summary"] = scorecard.summary if scorecard else ""
    return values


@require_http_methods(["GET", "POST"])
@role_required(*RECRUITING_ROLES)
def scorecard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The interviewer's own scorecard for an interview: save a draft or submit it."""
    interview = _interviewer_of(request, pk)
    template = hiring_selectors.template_for(interview.application)
    criteria = list(template.criteria.all()) if template else []
    scorecard = (
        Scorecard.objects.current()
        .filter(interview=interview, interviewer=request.user)
        .prefetch_related("ratings")
        .first()
    )
    if request.method == "GET" or (scorecard and scorecard.is_submitted):
        if request.method == "POST":
            messages.error(request, "This scorecard was submitted and is read-only.")
            return redirect("recruiting:scorecard_edit", pk=pk)
        return _scorecard_page(
            request,
            interview,
            criteria,
            scorecard,
            values=_values_of(scorecard, criteria),
            errors={},
        )
    ratings, errors = scorecard_inputs(request.POST, criteria)
    submit = request.POST.get("action") == "submit"
    if not errors:
        errors = scorecard_services.evidence_errors(ratings, {c.pk: c for c in criteria})
    if not errors:
        try:
            scorecard_services.scorecard_save(
                interview=interview,
                interviewer=request.user,
                ratings=ratings,
                recommendation=request.POST.get("recommendation", ""),
                summary=request.POST.get("summary", "")[:4000],
                submit=submit,
            )
        except scorecard_services.ScorecardRefused as refused:
            errors = {"form": str(refused)}
        else:
            messages.success(request, "Scorecard submitted." if submit else "Draft saved.")
            if submit:
                return redirect("recruiting:application_detail", pk=interview.application_id)
            return redirect("recruiting:scorecard_edit", pk=pk)
    return _scorecard_page(
        request,
        interview,
        criteria,
        scorecard,
        values=_values_from(request.POST, criteria),
        errors=errors,
        status=400,
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECRUITING_ROLES)
def scorecard_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Amend one's own submitted scorecard: a new version; the original is kept."""
    scorecard = hiring_selectors.scorecard_get_for_user(request.user, pk)
    if scorecard.interviewer_id != request.user.pk:
        raise PermissionDenied
    interview = scorecard.interview
    template = hiring_selectors.template_for(interview.application)
    criteria = list(template.criteria.all()) if template else []
    if request.method == "GET":
        return _scorecard_page(
            request,
            interview,
            criteria,
            None,
            values=_values_of(scorecard, criteria),
            errors={},
            amend=scorecard,
        )
    ratings, errors = scorecard_inputs(request.POST, criteria)
    if not errors:
        errors = scorecard_services.evidence_errors(ratings, {c.pk: c for c in criteria})
    if not errors:
        try:
            scorecard_services.scorecard_amend(
                scorecard=scorecard,
                interviewer=request.user,
                ratings=ratings,
                recommendation=request.POST.get("recommendation", ""),
                summary=request.POST.get("summary", "")[:4000],
                reason=request.POST.get("reason", "")[:2000],
            )
        except scorecard_services.ScorecardRefused as refused:
            errors = {"form": str(refused)}
        else:
            messages.success(request, "Scorecard amended; the original is kept.")
            return redirect("recruiting:application_detail", pk=interview.application_id)
    return _scorecard_page(
        request,
        interview,
        criteria,
        None,
        values=_values_from(request.POST, criteria),
        errors=errors,
        status=400,
        amend=scorecard,
    )


# --- Offers -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    requisition = application.requisition
    form = OfferForm(
        request.POST or None,
        initial={
            "employment_type": requisition.employment_type,
            "salary": requisition.salary_min,
            "start_date": requisition.target_start_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer_services.offer_create(
                application=application, by=request.user, **form.cleaned_data
            )
        except offer_services.OfferRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Offer drafted. HR approves it before it is sent.")
            return redirect("recruiting:application_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "recruiting/offer_form.html", {"form": form, "application": application}, status
    )


@require_POST
@role_required(*MANAGER_ROLES)
def offer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    offer = hiring_selectors.offer_get_for_user(request.user, pk)
    form = OfferTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the offer.")
    else:
        to_status = form.cleaned_data["to_status"]
        if not offer.can_transition(to_status, request.user) and offer.status != to_status:
            raise PermissionDenied
        try:
            offer = offer_services.offer_transition(
                offer=offer, to_status=to_status, by=request.user
            )
        except offer_services.OfferRefused as refused:
            messages.error(request, str(refused))
        else:
            text = f"The offer is {offer.get_status_display().lower()}."
            if offer.status == Offer.Status.ACCEPTED and offer.employee_id:
                text += (
                    f" {offer.application.candidate} is hired and starts on "
                    f"{offer.start_date:%d %b %Y}."
                )
            messages.success(request, text)
    return redirect("recruiting:application_detail", pk=offer.application_id)


@require_GET
@role_required(*MANAGER_ROLES)
def offer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    offer = hiring_selectors.offer_get_for_user(request.user, pk)
    return render(
        request, "recruiting/offer_letter.html", offer_services.offer_letter_context(offer)
    )


# --- Ranking and calibration ------------------------------------------------------------------


@require_GET
@role_required(*MANAGER_ROLES)
def requisition_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    requisition = selectors.requisition_get_for_user(request.user, pk)
    # Ranked in Python (scores are aggregated), then paginated: 50 a page.
    page = Paginator(hiring_selectors.ranking_for(requisition), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "recruiting/ranking.html",
        {"requisition": requisition, "applications": page.object_list, "page_obj": page},
    )


@require_GET
@role_required(Role.HR)
def calibration(request: HttpRequest) -> HttpResponse:
    page = Paginator(hiring_selectors.calibration(), 50).get_page(request.GET.get("page"))
    return render(
        request, "recruiting/calibration.html", {"rows": page.object_list, "page_obj": page}
    )
