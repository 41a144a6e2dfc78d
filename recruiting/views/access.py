"""What the recruiting pages share: who manages, and the manageable-application lookup."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backoffice.people.roles import Role
from recruiting.models.candidates import Application
from recruiting.selectors import candidates as candidate_selectors

MANAGER_ROLES = (Role.HR, Role.HIRING_MANAGER)


def _manageable(request: HttpRequest, pk: int) -> Application:
    """Visible (else 404) and manageable by this user (else 403)."""
    application = candidate_selectors.application_get_for_user(request.user, pk)
    if not Application.objects.manageable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return application


def _render(request, template, context, status=200) -> HttpResponse:
    response = render(request, template, context)
    response.status_code = status
    return response
