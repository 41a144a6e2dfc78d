"""Field validators shared by recruiting's models and forms."""

from __future__ import annotations

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

# Cc: control characters (line breaks, tabs, null bytes, NEL); Zl/Zp: the Unicode line and
# paragraph separators. Format characters (Cf) stay allowed: zero-width joiners belong to
# names in several scripts, and pages and emails show names escaped.
_NOT_IN_A_LINE = {"Cc", "Zl", "Zp"}


def validate_single_line(value: str) -> None:
    """A name is one line of visible text: it goes into email subjects and headers."""
    if any(unicodedata.category(char) in _NOT_IN_A_LINE for char in value or ""):
        raise ValidationError(
            "Use one line of plain text: no line breaks, tabs or control characters.",
            code="single_line",
        )


def date_in_range(
    value: datetime.date | datetime.datetime | None, *, years_ahead: int, what: str
) -> None:
    """Refuse dates no hiring plan reaches (9999-12-31 overflows the arithmetic behind them).

    From the year 2000 up to `years_ahead` years from today; `what` names the field in the
    message ("The interview").
    """
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    today = timezone.localdate()
    latest = today.replace(year=today.year + years_ahead, day=min(today.day, 28))
    if day.year < EARLIEST_YEAR or day > latest:
        raise ValidationError(
            f"{what} must be between {EARLIEST_YEAR} and {latest:%d %B %Y}; "
            f"check the year ({day.year}).",
            code="date_out_of_range",
        )


EARLIEST_YEAR = 2000
