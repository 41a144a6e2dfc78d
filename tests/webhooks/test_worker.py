"""Webhooks through a real Celery worker (with its beat) on Redis, to a real HTTP receiver.

Events are written by a separate process through `outbox_event`, as the domain services do:
committed with the change, then a task queued on commit; the worker runs the webhooks'
handler, which makes the deliveries, and sends them. The receiver is an HTTP server started
by the test; it checks every signature and keeps each event id once, as a receiver should.
Done when: each event arrives once, with a valid signature, across a worker killed mid-way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

from backoffice.webhooks.catalog import OUTBOX_EVENTS, EventType
from backoffice.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.celery_worker import Worker, wait_for
from tests.subprocess_env import ROOT, base_environment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
Status = WebhookDelivery.Status
NAMES = sorted(OUTBOX_EVENTS)

# One transaction writes a batch of domain events, as a batch of changes would.
WRITE_EVENTS = """
import sys, django
django.setup()
from django.db import transaction
from backoffice.notifications.services import outbox_event

names, first, count = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3])
with transaction.atomic():
    for number in range(first, first + count):
        outbox_event(
            key=f"tests.change:{number}",
            name=names[number % len(names)],
            payload={"number": number},
        )
"""


def write_events(environment, first: int, count: int) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WRITE_EVENTS, ",".join(NAMES), str(first), str(count)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def app_environment(test_database_url, tmp_path):
    def env(**overrides: str) -> dict[str, str]:
        settings = {
            "DJANGO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "DATABASE_URL": test_database_url,
            "REDIS_URL": os.environ["TEST_REDIS_URL"],
            "OUTBOX_SWEEP_SECONDS": "2",
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "WEBHOOK_SWEEP_SECONDS": "2",
            "WEBHOOK_RETRY_BASE_SECONDS": "1",
            "WEBHOOK_TIMEOUT_SECONDS": "5",
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "1",  # the receiver is on 127.0.0.1
            "WEBHOOK_ALLOW_HTTP": "1",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / f"beat-{uuid.uuid4().hex[:6]}"),
        }
        return base_environment(**{**settings, **overrides})

    return env


@pytest.fixture
def start_worker(tmp_path, app_environment):
    workers: list[Worker] = []

    def start(**overrides: str) -> Worker:
        log = tmp_path / f"worker-{len(workers)}.log"
        worker = Worker(app_environment(**overrides), log, name="webhooks")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def _outbox() -> dict[str, int]:
    from backoffice.notifications.models import OutboxEvent

    counts: dict[str, int] = {}
    for status in OutboxEvent.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in WebhookDelivery.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _all_received(receiver, secret: str, count: int):
    return lambda: (
        len(receiver.processed(secret)) == count and statuses() == {Status.DELIVERED: count}
    )


def _assert_each_event_once(receiver, endpoint, count: int) -> dict[str, int]:
    events = dict(WebhookEvent.objects.values_list("event_id", "type"))
    assert len(events) == count
    assert WebhookDelivery.objects.count() == count  # one per event and endpoint
    kept = receiver.processed(endpoint.secret)
    assert set(kept) == {str(event_id) for event_id in events}
    for event_id, request in kept.items():
        assert request.document["type"] == events[uuid.UUID(event_id)]
    # Every request the receiver saw was signed with the endpoint's secret.
    assert all(request.signed_by(endpoint.secret) for request in receiver.requests)
    copies: dict[str, int] = {}
    for request in receiver.requests:
        if request.status < 300:
            copies[request.event_id] = copies.get(request.event_id, 0) + 1
    return {event_id: n for event_id, n in copies.items() if n > 1}


def test_each_event_arrives_once_signed_across_a_killed_worker(
    receiver, start_worker, app_environment
):
    count = 30
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=list(EventType.values))
    receiver.delay_seconds = 0.2  # 30 deliveries take a few seconds: room to kill in the middle
    worker = start_worker()
    write_events(app_environment(), first=0, count=count)
    wait_for(lambda: len(receiver.requests) >= 6, 60, worker.output)
    worker.kill()
    answered_at_kill = len(receiver.requests)
    time.sleep(1)
    assert statuses().get(Status.DELIVERED, 0) < count, statuses()

    # A new worker: its beat sweeps find the outbox events and deliveries whose tasks died.
    start_worker()
    wait_for(_all_received(receiver, endpoint.secret, count), 120, lambda: f"{statuses()}")
    time.sleep(4)  # two more sweeps: room for a second copy to arrive, if there were one

    duplicates = _assert_each_event_once(receiver, endpoint, count)
    # The documented window: the receiver answered, the worker died before its commit. At
    # most one delivery per pool process (2) can be in it; the copy has the same event id
    # (and the same body), so the receiver above kept each event once.
    assert len(duplicates) <= 2, duplicates
    for event_id in duplicates:
        bodies = {r.body for r in receiver.requests if r.event_id == event_id}
        assert len(bodies) == 1
    print(
        f"\n[webhooks] killed after {answered_at_kill} answers; second copies: "
        f"{len(duplicates)}; requests in all: {len(receiver.requests)}"
    )


# HR moves cards through the real service, in a separate process, as the web does.
MOVE_CARDS = """
import sys, django
django.setup()
from recruiting.models import Application
from recruiting.services import application_move

for pk in map(int, sys.argv[1].split(",")):
    application_move(application=Application.objects.get(pk=pk), to_stage="screening", by=None)
"""


def test_a_receiver_failing_first_gets_each_move_once_after_the_retries(
    receiver, start_worker, app_environment
):
    from recruiting.models import Application
    from tests.factories.recruiting import ApplicationFactory

    count = 6
    applications = ApplicationFactory.create_batch(count, stage=Application.Stage.APPLIED)
    endpoint = WebhookEndpoint.objects.create(
        url=receiver.url, events=[EventType.APPLICATION_STAGE_CHANGED]
    )
    receiver.answers = [500, 500, 503]  # the first three requests fail
    start_worker()
    result = subprocess.run(
        [sys.executable, "-c", MOVE_CARDS, ",".join(str(a.pk) for a in applications)],
        cwd=ROOT,
        env=app_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    wait_for(_all_received(receiver, endpoint.secret, count), 90, lambda: f"{statuses()}")
    time.sleep(3)
    assert _assert_each_event_once(receiver, endpoint, count) == {}
    documents = [r.document for r in receiver.processed(endpoint.secret).values()]
    assert sorted(d["data"]["application_id"] for d in documents) == sorted(
        a.pk for a in applications
    )
    assert {(d["data"]["from_stage"], d["data"]["to_stage"]) for d in documents} == {
        ("applied", "screening")
    }
    assert [request.status for request in receiver.requests].count(200) == count
    retried = WebhookDelivery.objects.filter(attempts=2)
    assert retried.count() == 3
    for delivery in retried:
        codes = list(delivery.attempt_rows.values_list("status_code", flat=True))
        assert codes[0] in (500, 503)
        assert codes[1] == 200


def test_with_redis_down_events_written_meanwhile_arrive_once_after(
    receiver, start_worker, app_environment, own_redis
):
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=list(EventType.values))
    own_redis.start()
    worker = start_worker(REDIS_URL=own_redis.url)
    write_events(app_environment(REDIS_URL=own_redis.url), first=0, count=5)
    wait_for(_all_received(receiver, endpoint.secret, 5), 60, lambda: f"{statuses()}")

    own_redis.stop()
    write_events(app_environment(REDIS_URL=own_redis.url), first=5, count=10)
    time.sleep(2)
    assert len(receiver.processed(endpoint.secret)) == 5  # nothing can run without a broker

    own_redis.start()
    # Celery's worker can die of the outage itself (kombu, restoring unacked messages on a lost
    # connection: 'NoneType' object has no attribute 'hostname'); compose restarts it
    # (restart: unless-stopped), and so does this test. Nothing may be lost either way.
    if worker.process.poll() is not None:
        worker = start_worker(REDIS_URL=own_redis.url)
    wait_for(
        _all_received(receiver, endpoint.secret, 15),
        180,  # the worker's reconnect backs off; then the sweeps catch up
        lambda: f"{statuses()} {_outbox()}\n{worker.output()[-4000:]}",
    )
    time.sleep(3)
    assert _assert_each_event_once(receiver, endpoint, 15) == {}
