"""Reminders through a real Celery worker on Redis, to a real SMTP server, exactly once.

The worker and the sweep (`manage.py reminders_sweep`) run as separate processes against the
test database, as beat and the worker do in production. The SMTP server is aiosmtpd in this
process; like any SMTP server it takes a message on only when it answers 250, so a client
that dies before that answer has delivered nothing. The Redis-down test starts its own
throwaway redis-server on a free port: the machine's shared Redis is never stopped.
"""

from __future__ import annotations

import asyncio
import datetime
import email
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import reminders_collect
from tests.celery_worker import Worker, wait_for
from tests.factories.notifications import ReminderLedgerFactory
from tests.factories.people import EmployeeFactory, UserFactory
from tests.subprocess_env import ROOT, base_environment, free_port, run_manage, run_python

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
Status = ReminderLedger.Status


class SmtpSink:
    """An aiosmtpd handler that keeps every message it accepted (answered 250 to)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.data_started = threading.Event()
        self.hold_first_seconds = 0.0
        self.refuse_first = False
        self._received = 0

    async def handle_DATA(self, server, session, envelope):
        self._received += 1
        first = self._received == 1
        self.data_started.set()
        if first and self.hold_first_seconds:
            # Cancelled by aiosmtpd if the client goes away meanwhile: nothing accepted.
            await asyncio.sleep(self.hold_first_seconds)
        if first and self.refuse_first:
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 Accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def app_environment(test_database_url, smtp_sink):
    """env(**overrides): the environment of a worker or a sweep, open for reminders any time."""

    def env(**overrides: str) -> dict[str, str]:
        settings = {
            "DJANGO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "DATABASE_URL": test_database_url,
            "REDIS_URL": os.environ["TEST_REDIS_URL"],
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_sink.port),
            "SITE_URL": "https://hr.example.com",
            "REMINDER_WORKING_DAYS": "mon-sun",
            "REMINDER_QUIET_HOURS": "",
            "REMINDER_RETRY_BASE_SECONDS": "1",
        }
        return base_environment(**{**settings, **overrides})

    return env


@pytest.fixture
def start_worker(tmp_path, app_environment):
    workers: list[Worker] = []

    def start(**overrides: str) -> Worker:
        worker = Worker(
            app_environment(**overrides),
            tmp_path / f"worker-{len(workers)}.log",
            name="reminders-test",
            beat=False,
            purge=True,
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def sweep(environment: dict[str, str]) -> str:
    result = run_manage("reminders_sweep", environment=environment, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def rows_unlocked() -> bool:
    """True once no transaction holds a lock on any ledger row."""
    with transaction.atomic():
        locked_out = ReminderLedger.objects.select_for_update(skip_locked=True)
        return len(locked_out.values_list("id", flat=True)) == ReminderLedger.objects.count()


def statuses() -> list[str]:
    return list(ReminderLedger.objects.order_by("id").values_list("status", flat=True))


@pytest.fixture
def due_for_ella(due_items):
    """Two reminders due for Ella, written to the ledger by the sweep's collect step."""
    ella = EmployeeFactory(user__email="ella@example.com").user
    due_items(
        "tests.training",
        [
            {"recipient_id": ella.id, "subject": "training:1", "title": "Renew GDPR training"},
            {"recipient_id": ella.id, "subject": "training:2", "title": "Sign the IT policy"},
        ],
        label="Trainings",
    )
    assert reminders_collect(now=timezone.now()) == 2
    return ella


def test_two_sweeps_at_once_send_one_email_through_a_real_worker(
    due_for_ella, smtp_sink, start_worker, app_environment
):
    start_worker()
    environment = app_environment()
    sweeps = [
        subprocess.Popen(
            [sys.executable, "manage.py", "reminders_sweep"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60)[0] for process in sweeps]
    assert all(process.returncode == 0 for process in sweeps), outputs

    wait_for(lambda: statuses() == [Status.SENT, Status.SENT], 30, lambda: str(statuses()))
    time.sleep(2)  # room for a second copy to arrive, if there were one
    assert len(smtp_sink.messages) == 1
    message = smtp_sink.messages[0]
    assert message["To"] == "ella@example.com"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "https://hr.example.com/things/training:1/" in body
        assert "https://hr.example.com/things/training:2/" in body


def test_a_worker_killed_mid_send_still_ends_with_exactly_one_email(
    due_for_ella, smtp_sink, start_worker, app_environment
):
    smtp_sink.hold_first_seconds = 60  # the first delivery hangs until the worker is killed
    worker = start_worker()
    assert "recipients_queued=1" in sweep(app_environment())
    assert smtp_sink.data_started.wait(30), worker.output()
    worker.kill()

    # The claim and the "sent" mark were one transaction: it died with the worker.
    wait_for(rows_unlocked, 15)
    assert statuses() == [Status.PENDING, Status.PENDING]
    assert set(ReminderLedger.objects.values_list("attempts", flat=True)) == {0}
    assert smtp_sink.messages == []

    # Later, the next sweep finds the rows still pending and queues them again.
    ReminderLedger.objects.update(queued_at=F("queued_at") - datetime.timedelta(hours=1))
    start_worker()
    assert "recipients_queued=1" in sweep(app_environment())
    wait_for(lambda: statuses() == [Status.SENT, Status.SENT], 30, lambda: str(statuses()))
    time.sleep(2)
    assert len(smtp_sink.to("ella@example.com")) == 1


def test_an_smtp_error_is_retried_by_the_worker_with_back_off(
    due_for_ella, smtp_sink, start_worker, app_environment
):
    smtp_sink.refuse_first = True
    worker = start_worker()
    sweep(app_environment())
    wait_for(lambda: statuses() == [Status.SENT, Status.SENT], 30, worker.output)
    assert len(smtp_sink.messages) == 1
    assert set(ReminderLedger.objects.values_list("attempts", flat=True)) == {2}
    assert "Retry in" in worker.output()


REDIS_DOWN_PROBE = """
import json, time, django
django.setup()
from django.test import Client
from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import reminders_sweep
from backoffice.people.models import User

timings = {}
started = time.monotonic()
report = reminders_sweep()
timings["sweep"] = time.monotonic() - started

client = Client(HTTP_HOST="localhost")
started = time.monotonic()
health = client.get("/healthz")
timings["healthz"] = time.monotonic() - started

client.force_login(User.objects.get(email="hr@example.com"))
failed = list(ReminderLedger.objects.filter(status="failed").values_list("id", flat=True))
started = time.monotonic()
resend = client.post(
    "/admin/notifications/reminderledger/",
    {"action": "resend", "_selected_action": failed},
)
timings["resend"] = time.monotonic() - started
print(json.dumps({
    "broker_down": report.broker_down,
    "queued": report.recipients_queued,
    "healthz": [health.status_code, health.json()],
    "resend": resend.status_code,
    "timings": timings,
}))
"""


@pytest.fixture
def own_redis(tmp_path):
    """A throwaway redis-server on a free port: start() and stop() it at will."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("needs redis-server on PATH to start a throwaway Redis")
    port = free_port()
    processes: list[subprocess.Popen] = []

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    def start() -> None:
        processes.append(
            subprocess.Popen(
                [
                    *(server, "--port", str(port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_for(answers, 10)

    yield type("OwnRedis", (), {"url": f"redis://127.0.0.1:{port}/0", "start": start})
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def test_with_redis_down_nothing_hangs_and_the_email_goes_out_when_it_returns(
    due_for_ella, smtp_sink, start_worker, app_environment, own_redis
):
    EmployeeFactory(user__email="hr@example.com", user__roles=["HR"], user__is_staff=True)
    sam = UserFactory(email="sam@example.com")
    ReminderLedgerFactory(recipient=sam, status=Status.FAILED, attempts=5, title="Old one")
    environment = app_environment(REDIS_URL=own_redis.url)

    # Redis is down (nothing listens on its port): the sweep and the pages answer quickly.
    result = run_python(REDIS_DOWN_PROBE, environment, timeout=90)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["broker_down"] is True
    assert probe["queued"] == 0
    health = {"database": "ok", "broker": "unreachable", "status": "degraded"}
    assert probe["healthz"][0] == 200
    assert {key: probe["healthz"][1][key] for key in health} == health
    assert probe["resend"] == 302
    assert all(seconds < 10 for seconds in probe["timings"].values()), probe["timings"]
    # Nothing was lost: every row waits, marked for the next sweep to queue at once.
    assert set(ReminderLedger.objects.values_list("status", "queued_at")) == {
        (Status.PENDING, None)
    }

    own_redis.start()
    start_worker(REDIS_URL=own_redis.url)
    assert "recipients_queued=2" in sweep(environment)
    wait_for(lambda: set(statuses()) == {Status.SENT}, 30, lambda: str(statuses()))
    time.sleep(2)
    assert len(smtp_sink.to("ella@example.com")) == 1
    assert len(smtp_sink.to("sam@example.com")) == 1
