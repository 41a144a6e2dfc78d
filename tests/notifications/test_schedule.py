"""When reminders may go out, in the company's time zone."""

import datetime

import pytest

from backoffice.notifications import schedule
from tests.notifications.conftest import LONDON


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    # November 2026: the 23rd is a Monday, the 28th a Saturday.
    return datetime.datetime(2026, 11, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (at(25, 10), True),  # Wednesday morning
        (at(25, 7), True),  # quiet hours end at 07:00
        (at(25, 6, 59), False),
        (at(25, 18, 59), True),
        (at(25, 19), False),  # quiet from 19:00
        (at(25, 23), False),
        (at(28, 10), False),  # Saturday
        (at(29, 10), False),  # Sunday
    ],
)
def test_sending_window_is_working_days_outside_quiet_hours(when, open_):
    assert schedule.sending_window_open(when) is open_


def test_weekends_can_be_working_days(settings):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    assert schedule.sending_window_open(at(28, 10))


def test_no_quiet_hours(settings):
    settings.REMINDER_QUIET_HOURS = None
    assert schedule.sending_window_open(at(25, 3))


def test_quiet_hours_that_do_not_wrap_midnight(settings):
    settings.REMINDER_QUIET_HOURS = (12, 14)
    assert not schedule.sending_window_open(at(25, 12, 30))
    assert schedule.sending_window_open(at(25, 14))
    assert schedule.sending_window_open(at(25, 23))


def test_the_window_is_judged_in_the_company_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    # 10:00 in London is 19:00 in Tokyo: quiet there.
    assert not schedule.sending_window_open(at(25, 10))


def test_days_overdue_counts_local_calendar_days():
    now = at(25, 0, 30)  # 00:30 in London is still the 25th there, whatever UTC says
    assert schedule.days_overdue(datetime.date(2026, 11, 22), now) == 3
    assert schedule.days_overdue(datetime.date(2026, 11, 26), now) == -1
    assert schedule.days_overdue(None, now) == 0


def test_retry_delay_doubles_with_jitter(settings):
    settings.REMINDER_RETRY_BASE_SECONDS = 60
    for attempts, floor in [(1, 60), (2, 120), (3, 240), (4, 480)]:
        delays = [schedule.retry_delay_seconds(attempts) for _ in range(50)]
        assert all(floor <= delay <= floor + 60 for delay in delays)
        assert len(set(delays)) > 1  # jittered, so retries do not stampede
