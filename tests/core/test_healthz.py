import json
import time

import pytest

from tests.subprocess_env import base_environment, run_python

# A port where nothing listens: connections are refused at once.
DEAD_POSTGRES = "postgres://postgres@127.0.0.1:9/backoffice"
DEAD_REDIS = "redis://127.0.0.1:9/0"

REQUEST_HEALTHZ = (
    "import django, json; django.setup(); from django.test import Client; "
    "response = Client().get('/healthz'); "
    "print(json.dumps({'status': response.status_code, 'body': response.json()}))"
)


def _healthz_in_a_process(**environment) -> dict:
    env = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        ALLOWED_HOSTS="testserver",
        **environment,
    )
    result = run_python(REQUEST_HEALTHZ, env, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthy_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_unreachable_database_answers_503():
    answer = _healthz_in_a_process(DATABASE_URL=DEAD_POSTGRES)
    assert answer["status"] == 503
    assert answer["body"]["database"] == "unreachable"
    assert answer["body"]["status"] == "error"


def test_unreachable_broker_is_reported_quickly_without_failing_the_check():
    started = time.monotonic()
    answer = _healthz_in_a_process(REDIS_URL=DEAD_REDIS)
    assert time.monotonic() - started < 20
    assert answer["status"] == 200
    assert answer["body"] == {
        "database": "ok",
        "broker": "unreachable",
        # The process's own SQLite file, never migrated: the outbox cannot be read.
        "outbox": "unknown",
        "status": "degraded",
    }


@pytest.mark.redis
def test_reachable_broker_is_reported(tmp_path):
    import os

    answer = _healthz_in_a_process(REDIS_URL=os.environ["TEST_REDIS_URL"])
    assert answer["body"]["broker"] == "ok"


def test_healthz_accepts_only_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_reports_the_oldest_waiting_email_and_degrades_when_it_is_stale(client, settings):
    import datetime

    from django.utils import timezone

    from backoffice.notifications.models import OutboxMessage
    from backoffice.notifications.services import outbox_email

    settings.OUTBOX_STALE_MINUTES = 15
    assert client.get("/healthz").json()["outbox_oldest_pending_seconds"] is None
    message = outbox_email(
        key="healthz", to=["a@example.com"], subject="s", template="reminder_digest", context={}
    )
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    answer = client.get("/healthz").json()
    assert 299 <= answer["outbox_oldest_pending_seconds"] <= 310
    assert (answer["outbox"], answer["status"]) == ("ok", "ok")

    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=20)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    assert (response.json()["outbox"], response.json()["status"]) == ("stale", "degraded")
