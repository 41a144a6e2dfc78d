"""Reminder settings come from the environment, and bad values stop start-up by name."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from backoffice.env import env_hour_range, env_weekdays
from tests.subprocess_env import base_environment, run_python

PRINT_REMINDER_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(sorted(s.REMINDER_WORKING_DAYS), s.REMINDER_QUIET_HOURS, s.REMINDER_DIGEST_HOUR, "
    "s.REMINDER_ESCALATE_MANAGER_DAYS, s.REMINDER_ESCALATE_HR_DAYS, "
    "s.CELERY_BEAT_SCHEDULE['reminders-sweep']['schedule'])"
)


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("mon-fri", {1, 2, 3, 4, 5}),
        ("Mon-Sun", {1, 2, 3, 4, 5, 6, 7}),
        ("mon,wed, sat", {1, 3, 6}),
        ("sun-mon", None),
        ("weekdays", None),
        ("", None),
    ],
)
def test_working_days(monkeypatch, value, days):
    monkeypatch.setenv("REMINDER_WORKING_DAYS", value)
    if days is None:
        with pytest.raises(ImproperlyConfigured, match="REMINDER_WORKING_DAYS"):
            env_weekdays("REMINDER_WORKING_DAYS", "mon-fri")
    else:
        assert env_weekdays("REMINDER_WORKING_DAYS", "mon-fri") == days


@pytest.mark.parametrize(
    ("value", "hours"),
    [
        ("19-7", (19, 7)),
        ("12-14", (12, 14)),
        ("", None),
        ("none", None),
        ("7pm-7am", "bad"),
        ("8-8", "bad"),
        ("20-25", "bad"),
    ],
)
def test_quiet_hours(monkeypatch, value, hours):
    monkeypatch.setenv("REMINDER_QUIET_HOURS", value)
    if hours == "bad":
        with pytest.raises(ImproperlyConfigured, match="REMINDER_QUIET_HOURS"):
            env_hour_range("REMINDER_QUIET_HOURS", "19-7")
    else:
        assert env_hour_range("REMINDER_QUIET_HOURS", "19-7") == hours


def test_defaults_are_weekdays_evening_quiet_hours_and_an_hourly_sweep():
    environment = base_environment(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="backoffice.settings")
    result = run_python(PRINT_REMINDER_SETTINGS, environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[1, 2, 3, 4, 5] (19, 7) 8 3 7 <crontab: 0 * * * *")


def test_everything_can_be_set_from_the_environment():
    environment = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        REMINDER_WORKING_DAYS="mon-sat",
        REMINDER_QUIET_HOURS="",
        REMINDER_DIGEST_HOUR="9",
        REMINDER_ESCALATE_MANAGER_DAYS="2",
        REMINDER_ESCALATE_HR_DAYS="5",
        REMINDER_SWEEP_MINUTES="15",
    )
    result = run_python(PRINT_REMINDER_SETTINGS, environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[1, 2, 3, 4, 5, 6] None 9 2 5 <crontab: */15 * * * *")


def test_hr_escalation_cannot_come_before_the_manager():
    environment = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        REMINDER_ESCALATE_MANAGER_DAYS="5",
        REMINDER_ESCALATE_HR_DAYS="2",
    )
    result = run_python(PRINT_REMINDER_SETTINGS, environment)
    assert result.returncode != 0
    assert "REMINDER_ESCALATE_HR_DAYS" in result.stderr.strip().splitlines()[-1]


def test_beat_sweeps_reminders():
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-sweep"]
    assert entry["task"] == "backoffice.notifications.tasks.reminders_sweep_task"
