"""Reading query-string parameters that a visitor may have typed, truncated or forged.

A page reading `?department=` or `?cycle=` must treat a malformed value as "not given", never
crash on it: int("abc") raises, and a 23-digit number overflows the database's bigint.
"""

from __future__ import annotations

import re

from django.http import QueryDict

BIGINT_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: "²".isdigit() is True, int("²") fails


def query_int(
    params: QueryDict, name: str, *, minimum: int = 1, maximum: int = BIGINT_MAX
) -> int | None:
    """The whole number `params[name]` between `minimum` and `maximum`, or None if it is not."""
    raw = (params.get(name) or "").strip()
    if not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None
