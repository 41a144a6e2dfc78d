"""The candidate's own link (from the confirmation email): withdraw and erase. No sign-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from recruiting.services import retention


@login_not_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will happen and asks to confirm; POST does it."""
    application = retention.application_for_withdraw_token(token)
    if application is None:
        return render(request, "recruiting/careers/withdraw_invalid.html", status=404)
    if application.candidate.anonymised_at is not None:
        return render(request, "recruiting/careers/withdraw_done.html")
    if application.stage == application.Stage.HIRED:
        return render(request, "recruiting/careers/withdraw_invalid.html", status=409)
    if request.method == "POST":
        try:
            retention.application_withdraw_and_erase(application=application)
        except retention.ErasureRefused:
            return render(request, "recruiting/careers/withdraw_invalid.html", status=409)
        return render(request, "recruiting/careers/withdraw_done.html")
    return render(request, "recruiting/careers/withdraw_confirm.html", {"application": application})
