"""The signature on each delivery, as Stripe signs its webhooks.

    Backoffice-Signature: t=1764614400,v1=<64 hex digits>

`v1` is the hex HMAC-SHA256 of "<t>.<body>" (the Unix time, a dot, the raw request body) under
the endpoint's signing secret. A receiver recomputes it over the body exactly as received,
compares in constant time, and refuses a `t` more than a few minutes away from its clock (a
replayed capture). `signature_verify` is that check.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Backoffice-Signature"
TIMESTAMP_HEADER = "Backoffice-Webhook-Timestamp"
EVENT_ID_HEADER = "Backoffice-Webhook-Id"
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def signature_verify(
    *,
    secret: str,
    header: str,
    body: bytes,
    now: float | None = None,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """True when `header` signs `body` with `secret` and its time is within `tolerance`."""
    parts: dict[str, list[str]] = {}
    for item in (header or "").split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in parts.get("v1", []))
