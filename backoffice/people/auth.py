"""Sign-in helpers for django-axes."""

from django.conf import settings
from django.shortcuts import render

from backoffice.people.models import UserManager


def login_attempt_username(request, credentials: dict | None) -> str:
    """Count failed attempts per normalised address, so ELLA@ and ella@ share one counter."""
    credentials = credentials or {}
    raw = credentials.get("username") or request.POST.get("username", "")
    return UserManager.normalize_email(raw)


def lockout_response(request, original_response=None, credentials=None):
    """The page a throttled visitor sees: the same whether or not the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
