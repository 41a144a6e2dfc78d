"""Celery is configured so that a dead broker never hangs a request."""

import time

from django.conf import settings

from backoffice.celery import app
from tests.subprocess_env import base_environment, run_python

ENQUEUE_WITH_DEAD_BROKER = (
    "import django, time; django.setup(); "
    "from backoffice.celery import enqueue; "
    "from backoffice.core.tasks import sessions_clear_expired_task as task; "
    "started = time.monotonic(); queued = enqueue(task); "
    "print(queued, round(time.monotonic() - started, 2))"
)


def test_tasks_use_json_and_have_time_limits():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert app.conf.task_acks_late
    assert app.conf.task_reject_on_worker_lost


def test_beat_schedule_lives_in_settings_and_names_real_tasks():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule
    app.loader.import_default_modules()
    for entry in schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_embedded_default_runs_tasks_in_process(db):
    from backoffice.celery import enqueue
    from backoffice.core.tasks import sessions_clear_expired_task

    assert app.conf.task_always_eager
    assert enqueue(sessions_clear_expired_task) is True


def test_enqueue_gives_up_quickly_when_the_broker_is_down():
    env = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        REDIS_URL="redis://127.0.0.1:9/0",
    )
    started = time.monotonic()
    result = run_python(ENQUEUE_WITH_DEAD_BROKER, env, timeout=60)
    assert result.returncode == 0, result.stderr
    queued, seconds = result.stdout.split()
    assert queued == "False"
    assert float(seconds) < 10
    assert time.monotonic() - started < 30
    assert "not queued now" in result.stderr
