"""What every API endpoint shares: authentication, roles, cursor pages, throttles, errors.

Domain apps build their viewsets on `ApiViewSet`; object rules stay in each model's
`visible_to(user)` and each app's `*_get_for_user` selectors, exactly as the pages use them.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response

from backoffice.core.api_policy import CursorPage


def roles_required(*roles: str) -> type[permissions.BasePermission]:
    """The API twin of backoffice.core.access.role_required: the same roles as the page."""

    class HasRole(permissions.BasePermission):
        message = "Your role does not give you access to this."

        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_role(*roles))

    HasRole.__name__ = f"HasRole({', '.join(roles)})"
    return HasRole


class ApiViewSet(viewsets.GenericViewSet):
    """Authentication is DRF's (token or session), so the site's LoginRequiredMiddleware
    steps aside for these views: an anonymous call gets 401, not a sign-in page."""

    pagination_class = CursorPage

    @classmethod
    def as_view(cls, *args, **kwargs):
        return cls.without_login_redirect(super().as_view(*args, **kwargs))

    # Throttles run straight after authentication, before the permission checks, and also
    # when authentication fails: anonymous callers and bad tokens are counted too (DRF would
    # refuse them before counting).
    def perform_authentication(self, request):
        try:
            super().perform_authentication(request)
        finally:
            self._throttle_once(request)

    def check_throttles(self, request):
        self._throttle_once(request)

    def _throttle_once(self, request):
        if not getattr(request, "_api_throttled", False):
            request._api_throttled = True
            super().check_throttles(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # A token call is anonymous to PrivatePagesNotStoredMiddleware: say it here.
        response["Cache-Control"] = "private, no-store"
        return response

    @staticmethod
    def without_login_redirect(view):
        view.login_required = False
        return view


def form_errors(form) -> Response:
    """A Django form's errors as a 400: {"field": ["message", …], "non_field_errors": […]}."""
    errors = {
        ("non_field_errors" if field == "__all__" else field): messages
        for field, messages in form.errors.items()
    }
    return Response(errors, status=status.HTTP_400_BAD_REQUEST)


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI schema (HR only, SPECTACULAR_SETTINGS), downloaded rather than shown inline."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Disposition"] = 'attachment; filename="backoffice-api.yaml"'
        return response
