from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "_signed_in_at"
LAST_SEEN_AT = "_last_seen_at"
# Refresh the idle timer at most this often, so that a session is not written on every request.
REFRESH_SECONDS = 60


@receiver(user_logged_in, dispatch_uid="core.session_timestamps")
def _stamp_new_session(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


class SessionTimeoutMiddleware:
    """End sessions SESSION_ABSOLUTE_HOURS after sign-in; keep idle ones alive while in use.

    The idle limit is the session's own expiry (SESSION_COOKIE_AGE); touching the session
    re-saves it with a fresh expiry, which this does at most once a minute. The absolute limit
    signs the user out here, so LoginRequiredMiddleware (after this one) sends them to sign in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                messages.info(request, "Your session has ended. Please sign in again.")
            elif now - session.get(LAST_SEEN_AT, 0) > REFRESH_SECONDS:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class PrivatePagesNotStoredMiddleware:
    """Responses to a signed-in user carry `Cache-Control: private, no-store`.

    A page holding personal data must not stay in a shared cache or in the browser's history
    cache after sign-out (the next person at a shared computer presses Back). Anonymous public
    pages (careers, sign-in) keep whatever caching their views chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response
