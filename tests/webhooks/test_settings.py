"""Webhook settings come from the environment; unsafe values stop start-up by name."""

from __future__ import annotations

import datetime

from django.conf import settings

from tests.subprocess_env import base_environment, run_python

PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "e = s.CELERY_BEAT_SCHEDULE['webhooks-deliveries-sweep']; "
    "print(s.WEBHOOK_ALLOW_PRIVATE_ADDRESSES, s.WEBHOOK_ALLOW_HTTP, s.WEBHOOK_TIMEOUT_SECONDS, "
    "e['schedule'].total_seconds(), e['task'])"
)


def _run(**variables: str):
    environment = {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "backoffice.settings"}
    return run_python(PRINT, base_environment(**environment, **variables))


def test_the_defaults_are_safe_and_beat_sweeps_deliveries():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "False",
        "10",
        "60.0",
        "backoffice.webhooks.tasks.webhook_deliveries_sweep_task",
    ]


def test_the_sweep_interval_and_the_guards_follow_the_environment():
    result = _run(
        WEBHOOK_SWEEP_SECONDS="5", WEBHOOK_ALLOW_PRIVATE_ADDRESSES="1", WEBHOOK_ALLOW_HTTP="yes"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:4] == ["True", "True", "10", "5.0"]


def test_bad_values_stop_start_up_by_name():
    for name, value in (
        ("WEBHOOK_TIMEOUT_SECONDS", "600"),
        ("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "maybe"),
        ("WEBHOOK_MAX_ATTEMPTS", "0"),
    ):
        result = _run(**{name: value})
        assert result.returncode != 0
        assert name in result.stderr


def test_this_process_has_the_sweep_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["webhooks-deliveries-sweep"]
    assert entry["schedule"] == datetime.timedelta(seconds=settings.WEBHOOK_SWEEP_SECONDS)
