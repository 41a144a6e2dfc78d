"""When reminders may go out: pure rules over the company's calendar, read from settings.

Times are judged in the company's TIME_ZONE: working days (backoffice/core/calendar.py:
REMINDER_WORKING_DAYS less public holidays and HR's closure days), quiet
hours (REMINDER_QUIET_HOURS, which may wrap midnight), the daily digest hour
(REMINDER_DIGEST_HOUR) and the escalation thresholds in days overdue.
"""

from __future__ import annotations

import datetime
import random

from django.conf import settings
from django.utils import timezone

from backoffice.core.calendar import WorkingCalendar


def local(now: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(now, timezone.get_default_timezone())


def in_quiet_hours(now: datetime.datetime) -> bool:
    span = settings.REMINDER_QUIET_HOURS
    if not span:
        return False
    start, end = span
    hour = local(now).hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end  # wraps midnight, e.g. 19-7


def sending_window_open(now: datetime.datetime, calendar: WorkingCalendar | None = None) -> bool:
    """Reminders go out on working days outside quiet hours, in the company's time zone.

    Without a `calendar`, public holidays count but HR's closure days are not read.
    """
    if in_quiet_hours(now):
        return False
    return (calendar or WorkingCalendar.from_settings()).is_working_day(local(now).date())


def start_of_local_day(now: datetime.datetime) -> datetime.datetime:
    return local(now).replace(hour=0, minute=0, second=0, microsecond=0)


def daily_digest_hour_reached(now: datetime.datetime) -> bool:
    return local(now).hour >= settings.REMINDER_DIGEST_HOUR


def working_days_overdue(
    due: datetime.date | None, today: datetime.date, calendar: WorkingCalendar
) -> int:
    """How late an item is in working days: escalation waits for days someone could act."""
    if due is None:
        return 0
    return calendar.working_days_between(due, today)


def days_overdue(due: datetime.date | None, now: datetime.datetime) -> int:
    if due is None:
        return 0
    return (local(now).date() - due).days


def retry_delay_seconds(attempts: int, base: float | None = None) -> float:
    """Exponential back-off with full jitter on top: base·2^(n-1) plus up to one base more."""
    base = settings.REMINDER_RETRY_BASE_SECONDS if base is None else base
    return min(base * 2 ** max(attempts - 1, 0), 3600) + random.uniform(0, base)  # noqa: S311
