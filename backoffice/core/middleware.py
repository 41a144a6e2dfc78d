from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseBadRequest

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


_DATE_PART = re.compile(r"__(year|month|day)$")
_DATE_PART_RANGE = {"year": (1, 9998), "month": (1, 12), "day": (1, 31)}


def _bad_date_part(key: str, value: str) -> bool:
    match = _DATE_PART.search(key)
    if not match:
        return False
    low, high = _DATE_PART_RANGE[match.group(1)]
    return not (re.fullmatch(r"[0-9]{1,4}", value) and low <= int(value) <= high)


class QueryStringGuardMiddleware:
    """Answer 400 to query strings no page can use, before they reach a view and crash it.

    - A null byte: PostgreSQL cannot hold one in a text value, so any filter on it fails.
    - A date drill-down part (`…__year`, `__month`, `__day`, the admin's date hierarchy) that
      is not a plausible number: Django's change list catches ValueError but not the
      OverflowError of a 23-digit year, nor the error of a year past 9998 (it adds one).
    Everything else malformed is each page's to read safely (backoffice.core.params).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return HttpResponseBadRequest("Null characters are not allowed.")
            if any(_bad_date_part(key, value) for value in values):
                return HttpResponseBadRequest("That date is not valid.")
        return self.get_response(request)
