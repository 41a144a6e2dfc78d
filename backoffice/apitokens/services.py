"""Every write of API tokens: creating one (the secret returned once) and revoking it."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from backoffice.apitokens.models import ApiToken
from backoffice.core.errors import DomainError

KEY_MARK = "bo_"
# Choices offered on the page; a token never lives longer than a year.
LIFETIME_DAYS = (7, 30, 90, 365)
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class TokenRefused(DomainError):
    """Too many tokens, a lifetime out of range, or someone else's token."""


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _parse(raw: str) -> tuple[str, str] | None:
    """(prefix, whole token) of a well-formed token, else None."""
    if not raw.startswith(KEY_MARK):
        return None
    prefix, sep, secret = raw[len(KEY_MARK) :].partition("_")
    if not sep or len(prefix) != 8 or len(secret) < 32:
        return None
    return prefix, raw


@transaction.atomic
def token_create(*, user, name: str, lifetime_days: int) -> NewToken:
    """A new token for `user` alone, expiring after `lifetime_days` (at most a year).

    Only its hash is kept: the caller shows `secret` once and it cannot be seen again.
    """
    name = " ".join(name.split())
    if not name:
        raise TokenRefused("Give the token a name that says what it is for.")
    if lifetime_days not in LIFETIME_DAYS:
        raise TokenRefused("Choose how long the token lasts from the list.")
    # Lock the user's row so that two submits at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).usable().count() >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(
            f"You have {MAX_ACTIVE_TOKENS} active tokens: revoke one before making another."
        )
    now = timezone.now()
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    raw = f"{KEY_MARK}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        prefix=prefix,
        token_hash=token_hash(raw),
        created_at=now,
        expires_at=now + datetime.timedelta(days=lifetime_days),
    )
    return NewToken(token=token, secret=raw)


@transaction.atomic
def token_revoke(*, token_id: int, by) -> ApiToken:
    """Revoke one of `by`'s own tokens; revoking twice is harmless."""
    token = ApiToken.objects.visible_to(by).select_for_update().filter(pk=token_id).first()
    if token is None:
        raise TokenRefused("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token `raw` names (its user loaded), or None; notes when it was last used."""
    parsed = _parse(raw.strip())
    if parsed is None:
        return None
    prefix, whole = parsed
    now = timezone.now()
    token = ApiToken.objects.usable(now).select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(whole)):
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
