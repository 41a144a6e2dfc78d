"""Merging what a candidate typed with an application into their profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES
from recruiting.selectors import candidates as candidate_selectors
from recruiting.services import intake


@require_POST
@role_required(*RECRUITING_ROLES)
def application_details_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """HR and the requisition's hiring manager only (others: 404 if unseen, else 403)."""
    application = candidate_selectors.application_get_for_user(request.user, pk)
    if not application.can_manage:
        raise PermissionDenied
    try:
        intake.application_details_merge(application=application, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
    else:
        messages.success(request, "The details of this application are now in the profile.")
    return redirect("recruiting:application_detail", pk=pk)
