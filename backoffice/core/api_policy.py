"""The API's defaults, named in settings.REST_FRAMEWORK: cursor pages, throttles, errors.

Kept apart from backoffice.core.api because DRF imports these while it defines its own views.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination, permissions, status, throttling
from rest_framework.response import Response

from backoffice.core.errors import DomainError
from backoffice.core.net import client_address


class CursorPage(pagination.CursorPagination):
    """Stable pages however rows are added meanwhile; the newest first."""

    ordering = "-pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class _SettingsRateMixin:
    # DRF binds the rates when the class is defined; reading the setting on each call keeps
    # them configurable per deployment (env) and per test.
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class UserThrottle(_SettingsRateMixin, throttling.UserRateThrottle):
    pass


class AnonThrottle(_SettingsRateMixin, throttling.AnonRateThrottle):
    def get_ident(self, request):
        # The same client address the rest of the site trusts (TRUSTED_PROXY_COUNT).
        return client_address(request)


def exception_handler(exc, context):
    """A refused domain action is 409 with its message; a Django ValidationError 400."""
    if isinstance(exc, DomainError):
        return Response({"detail": exc.text}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


class IsHR(permissions.BasePermission):
    """The API's schema and documentation are for HR (SPECTACULAR_SETTINGS)."""

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_hr)
