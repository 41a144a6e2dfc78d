"""The client's address, the same for sign-in protection, rate limits and audit records."""

from __future__ import annotations

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder value, never bound to


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ip_address(value))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`.

    With TRUSTED_PROXY_COUNT = N (N proxies of ours in front of the app, each appending the
    address it saw to X-Forwarded-For), the client is the N-th entry from the right: entries
    further left were written by the client and are not trusted. With N = 0 (the default) the
    header is ignored entirely and REMOTE_ADDR is the client, so a forged header changes nothing.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    trusted = settings.TRUSTED_PROXY_COUNT
    if not trusted:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        # Fewer hops than proxies: the request did not come through them all; do not guess.
        return remote
    return _valid(hops[-trusted]) or remote
