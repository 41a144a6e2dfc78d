"""Scorecard pages: fill in, amend, and the interviewers' calibration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES, Role
from recruiting.forms.scorecards import RECOMMENDATION_CHOICES, scorecard_inputs
from recruiting.models.scorecards import Scorecard
from recruiting.models.skills_test import SkillsTest
from recruiting.selectors import interviews as interview_selectors
from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.services import scorecards as scorecard_services
from recruiting.views.access import _render


def _interviewer_of(request: HttpRequest, pk: int):
    interview = interview_selectors.interview_get_for_user(request.user, pk)
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
            "not_started": interview.starts_at > timezone.now(),
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
    template = scorecard_selectors.template_for(interview.application)
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
        except DomainError as refused:
            errors = {"form": refused.text}
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
    scorecard = scorecard_selectors.scorecard_get_for_user(request.user, pk)
    if scorecard.interviewer_id != request.user.pk:
        raise PermissionDenied
    interview = scorecard.interview
    template = scorecard_selectors.template_for(interview.application)
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
        except DomainError as refused:
            errors = {"form": refused.text}
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


@require_GET
@role_required(Role.HR)
def calibration(request: HttpRequest) -> HttpResponse:
    page = Paginator(scorecard_selectors.calibration(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "recruiting/calibration.html", {"rows": page.object_list, "page_obj": page}
    )
