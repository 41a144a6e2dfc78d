"""The data-entry test: HR sends it; the candidate takes it through a public signed link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES
from recruiting.models.scorecards import Scorecard
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import skills_test as skills_test_selectors
from recruiting.services import skills_test as tests
from recruiting.views.access import MANAGER_ROLES, _manageable


@require_POST
@role_required(*MANAGER_ROLES)
def skills_test_send(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    try:
        tests.skills_test_send(application=application, by=request.user)
    except DomainError as refused:
        messages.error(request, refused.text)
    else:
        messages.success(request, f"The data-entry test was emailed to {application.candidate}.")
    return redirect("recruiting:application_detail", pk=pk)


@require_GET
@role_required(*RECRUITING_ROLES)
def skills_test_result(request: HttpRequest, pk: int) -> HttpResponse:
    """The field-by-field result. Graders (the application's interviewers) see it under an
    anonymous code until they have submitted a scorecard on the application."""
    test = skills_test_selectors.skills_test_get_for_user(request.user, pk)
    application = test.application
    anonymous = (
        candidate_selectors.application_is_graded_by(application, request.user)
        and not Scorecard.objects.current()
        .filter(application=application, interviewer=request.user, submitted_at__isnull=False)
        .exists()
    )
    comparison = tests.answers_compare(test.records, test.answers) if test.submitted_at else []
    return render(
        request,
        "recruiting/skills_test_result.html",
        {
            "test": test,
            "application": application,
            "anonymous": anonymous,
            "comparison": comparison,
        },
    )


def _answers_from(post, records: list[dict]) -> list[dict]:
    return [
        {
            field: post.get(f"r{index}_{field}", "")[:200]
            for field, _ in tests.FIELDS[record["kind"]]
        }
        for index, record in enumerate(records)
    ]


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def skills_test_take(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's page: an introduction, then the timed form, then a thank-you.

    Start and submit are stamped by the server; the countdown in the page is only a courtesy.
    """
    try:
        test = tests.skills_test_from_token(token)
        if request.method == "POST" and request.POST.get("action") == "start":
            tests.skills_test_start(token=token)
            return redirect("recruiting:skills_test_take", token=token)
        if request.method == "POST":
            tests.skills_test_submit(token=token, answers=_answers_from(request.POST, test.records))
            return redirect("recruiting:skills_test_take", token=token)
    except DomainError as refused:
        response = render(request, "recruiting/skills_test_take.html", {"refused": refused.text})
        # Expired or used: gone (410); a forged or unknown link: not found (404); else 400.
        text = refused.text
        response.status_code = (
            410 if "expired" in text or "already" in text else 404 if "not valid" in text else 400
        )
        return response
    rows = [
        {"index": index, "record": record, "fields": tests.FIELDS[record["kind"]]}
        for index, record in enumerate(test.records)
    ]
    remaining = None
    if test.started_at and not test.submitted_at:
        remaining = max(int((test.deadline - timezone.now()).total_seconds()), 0)
    return render(
        request,
        "recruiting/skills_test_take.html",
        {"test": test, "rows": rows, "remaining": remaining, "token": token},
    )
