"""Sign-in helpers for django-axes."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render

from backoffice.people.models import UserManager

# Set by single sign-on's callback (backoffice/people/sso.py): the account an attempt is for, once
# the provider has named it, else a name of its own for the address. Never "", which every
# attempt without a name would share: five refusals anywhere would lock everyone out.
SSO_ATTEMPT_USERNAME = "_sso_attempt_username"


def login_attempt_username(request, credentials: dict | None) -> str:
    """Count failed attempts per normalised address, so ELLA@ and ella@ share one counter."""
    credentials = credentials or {}
    raw = credentials.get("username") or request.POST.get("username", "")
    if not raw and getattr(request, SSO_ATTEMPT_USERNAME, None):
        return getattr(request, SSO_ATTEMPT_USERNAME)
    return UserManager.normalize_email(raw)


class AccountResetHandler(AxesDatabaseHandler):
    """django-axes' database handler, whose reset on success clears only the account's own rows.

    With lockout parameters ["username", "ip_address"] the stock handler deletes every attempt
    matching the username *or the address* on a successful sign-in: an employee could make four
    guesses at a colleague's password, sign in to their own account from the same address, and
    start again with a clean slate, without limit. Here a success deletes the failures recorded
    against the account that signed in (from any address), and nothing else, so the failures
    against other accounts from that address still count towards both of their limits.
    """

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The page a throttled visitor sees: the same whether or not the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
