"""Who counts as a signed-in, active user for the recruiting querysets."""

from __future__ import annotations


def _is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)
