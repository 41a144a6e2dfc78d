"""Reminder tests register their own kinds; the registry is restored after each test."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine

from backoffice.notifications import reminders
from backoffice.notifications.reminders import DueItem, reminder_kind

LONDON = zoneinfo.ZoneInfo("Europe/London")
# A Wednesday at 10:00 in London: a working day outside the default quiet hours.
WEDNESDAY_10AM = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _isolated_reminder_kinds():
    """Only the kinds a test registers exist during it; the apps' own come back after."""
    saved = dict(reminders._kinds)
    reminders._kinds.clear()
    yield
    reminders._kinds.clear()
    reminders._kinds.update(saved)


@pytest.fixture(autouse=True)
def _company_calendar(settings):
    settings.TIME_ZONE = "Europe/London"
    settings.REMINDER_WORKING_DAYS = frozenset({1, 2, 3, 4, 5})
    settings.REMINDER_QUIET_HOURS = (19, 7)
    settings.REMINDER_DIGEST_HOUR = 8
    settings.REMINDER_ESCALATE_MANAGER_DAYS = 3
    settings.REMINDER_ESCALATE_HR_DAYS = 7
    settings.REMINDER_REQUEUE_AFTER_MINUTES = 10
    settings.REMINDER_MAX_ATTEMPTS = 5
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    settings.REMINDER_BATCH_SIZE = 1000
    settings.SITE_URL = "https://hr.example.com"


@pytest.fixture
def frozen():
    """frozen(when): stop the clock at `when` (a datetime) for the rest of the test."""
    travellers = []

    def freeze(when: datetime.datetime):
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)
        return when

    yield freeze
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def due_items():
    """due_items(key, items, required=False): register a kind that yields `items`.

    `items` is a list of dicts (recipient_id, subject, and optionally due, employee_id,
    period, title), or a callable taking `now` and returning such dicts.
    """

    def register(key: str, items, *, required: bool = False, label: str | None = None):
        @reminder_kind(key=key, label=label or key.title(), required=required)
        def collect(now):
            for spec in items(now) if callable(items) else items:
                yield DueItem(
                    recipient_id=spec["recipient_id"],
                    kind=key,
                    subject=spec["subject"],
                    period=spec.get("period", "once"),
                    title=spec.get("title", f"Do {spec['subject']}"),
                    path=spec.get("path", f"/things/{spec['subject']}/"),
                    due=spec.get("due"),
                    employee_id=spec.get("employee_id"),
                )

        return collect

    return register
