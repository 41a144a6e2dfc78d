"""The outbox through a real Celery worker on Redis, to a real SMTP server, with PostgreSQL.

Rows are written by a separate process through `outbox_email`, as the web does: committed
with the change, then a task queued on commit. The worker runs with its beat (-B), whose
outbox sweep runs every OUTBOX_SWEEP_SECONDS (2 here) and sends whatever a task did not.
Each test owns its SMTP server (aiosmtpd) and, where Redis goes down, its own redis-server
on a free port: the machine's shared Redis is never stopped.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from backoffice.notifications.models import OutboxMessage
from recruiting.models import Application
from tests.celery_worker import Worker, wait_for
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import RequisitionFactory, pdf_bytes
from tests.notifications.smtp import start_sink
from tests.subprocess_env import (
    ROOT,
    STRONG_SECRET_KEY,
    base_environment,
    free_port,
    run_python,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
Status = OutboxMessage.Status
BATCH = 100


@pytest.fixture
def sink():
    sink, controller = start_sink()
    yield sink
    controller.stop()


@pytest.fixture
def app_environment(test_database_url, sink, tmp_path):
    def env(**overrides: str) -> dict[str, str]:
        settings = {
            "DJANGO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "backoffice.settings",
            "DATABASE_URL": test_database_url,
            "REDIS_URL": os.environ["TEST_REDIS_URL"],
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            "SITE_URL": "https://hr.example.com",
            "OUTBOX_SWEEP_SECONDS": "2",
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / f"beat-{uuid.uuid4().hex[:6]}"),
        }
        return base_environment(**{**settings, **overrides})

    return env


@pytest.fixture
def start_worker(tmp_path, app_environment):
    workers: list[Worker] = []

    def start(**overrides: str) -> Worker:
        worker = Worker(
            app_environment(**overrides), tmp_path / f"worker-{len(workers)}.log", name="outbox"
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


# One transaction writes a batch of emails (as a batch of rejections would); the tasks are
# queued after it commits. Prints how long the write took.
WRITE_BATCH = """
import json, sys, time, django
django.setup()
from django.db import transaction
from backoffice.notifications.services import outbox_email

first, count = int(sys.argv[1]), int(sys.argv[2])
started = time.monotonic()
with transaction.atomic():
    for number in range(first, first + count):
        outbox_email(
            key=f"tests.rejection:{number}",
            to=[f"candidate{number}@example.com"],
            subject="Your application",
            template="recruiting_application_received",
            context={"candidate": {"name": f"Candidate {number}"}},
        )
print(json.dumps({"seconds": time.monotonic() - started}))
"""


def write_batch(environment, first: int = 0, count: int = BATCH) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", WRITE_BATCH, str(first), str(count)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def statuses() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in OutboxMessage.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def expected_addresses(count: int = BATCH) -> set[str]:
    return {f"candidate{number}@example.com" for number in range(count)}


def test_a_worker_killed_mid_batch_ends_with_one_email_each(sink, start_worker, app_environment):
    sink.delay_seconds = 0.05  # a batch of 100 takes a few seconds: room to kill in the middle
    worker = start_worker()
    write_batch(app_environment())
    # Killed right after an acceptance: the moment most likely to fall in the window.
    wait_for(lambda: len(sink.messages) >= 30, 60, worker.output)
    worker.kill()
    accepted_at_kill = len(sink.messages)
    time.sleep(1)
    marked_at_kill = OutboxMessage.objects.filter(status=Status.SENT).count()
    # Each pool process (2) may have died between an acceptance and its commit.
    assert accepted_at_kill - 2 <= marked_at_kill < BATCH, (accepted_at_kill, statuses())

    # A new worker; the tasks that died with the old one are found again by the beat sweep.
    start_worker()
    wait_for(lambda: statuses() == {Status.SENT: BATCH}, 120, lambda: str(statuses()))
    time.sleep(3)  # room for a second copy to arrive, if there were one

    counts = sink.count_by_recipient()
    assert set(counts) == expected_addresses()
    duplicates = {address: count for address, count in counts.items() if count > 1}
    # The documented window: accepted by the SMTP server, killed before the commit. At most
    # one row per pool process (2) can be in it; a second copy keeps the first's Message-ID.
    assert len(duplicates) <= 2, duplicates
    for address in duplicates:
        assert len({message["Message-ID"] for message in sink.to(address)}) == 1
    window = _acceptance_to_commit_window(sink)
    assert window["median_ms"] < 250, window  # one UPDATE and its commit (QUIT comes after)
    print(
        f"\n[outbox] killed after {accepted_at_kill} accepted / {marked_at_kill} marked sent; "
        f"second copies: {len(duplicates)}; acceptance→mark window: median "
        f"{window['median_ms']:.1f} ms, max {window['max_ms']:.1f} ms"
    )


def _acceptance_to_commit_window(sink) -> dict[str, float]:
    """How long each row stayed unmarked after the SMTP server accepted it: the time between
    the server's acceptance and the relay's sent_at (the commit follows at once)."""
    sent_at = dict(OutboxMessage.objects.values_list("message_id", "sent_at"))
    # The copy that was marked is the last one accepted for its Message-ID.
    accepted = {message["Message-ID"]: message.accepted_at for message in sink.messages}
    gaps = [
        (sent_at[message_id].timestamp() - accepted_at) * 1000
        for message_id, accepted_at in accepted.items()
        if sent_at.get(message_id) is not None
    ]
    gaps = [gap for gap in gaps if gap >= 0] or [0.0]
    return {"median_ms": statistics.median(gaps), "max_ms": max(gaps)}


def test_one_refused_address_fails_alone_and_nothing_repeats(
    sink, start_worker, app_environment, client_for
):
    sink.refused_addresses = {"candidate37@example.com"}
    worker = start_worker()
    write_batch(app_environment())
    wait_for(
        lambda: statuses() == {Status.SENT: BATCH - 1, Status.FAILED: 1},
        90,
        lambda: f"{statuses()}\n{worker.output()[-3000:]}",
    )
    time.sleep(5)  # two more sweeps: nothing may go out again
    counts = sink.count_by_recipient()
    assert counts == dict.fromkeys(expected_addresses() - {"candidate37@example.com"}, 1)
    bad = OutboxMessage.objects.get(status=Status.FAILED)
    assert bad.to == ["candidate37@example.com"]
    assert bad.attempts == 1
    assert "550" in bad.last_error

    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    page = client_for(hr).get(
        reverse("admin:notifications_outboxmessage_changelist"), {"status__exact": "failed"}
    )
    html = page.content.decode()
    assert "candidate37@example.com" in html
    assert "candidate36@example.com" not in html


def test_with_redis_down_while_rows_are_written_every_email_arrives_once_after(
    sink, start_worker, app_environment, own_redis
):
    own_redis.start()
    start_worker(REDIS_URL=own_redis.url)
    write_batch(app_environment(REDIS_URL=own_redis.url), first=0, count=20)
    wait_for(lambda: statuses() == {Status.SENT: 20}, 60, lambda: str(statuses()))

    # Redis goes away while changes keep coming: every change commits with its email, none
    # waits long for the broker, and nothing is sent yet (no worker can be reached).
    own_redis.stop()
    written = write_batch(app_environment(REDIS_URL=own_redis.url), first=20, count=BATCH - 20)
    assert written["seconds"] < 10, written
    assert statuses() == {Status.SENT: 20, Status.PENDING: BATCH - 20}

    own_redis.start()
    # The worker reconnects on its own; its beat sweep finds the rows whose tasks were lost.
    wait_for(lambda: statuses() == {Status.SENT: BATCH}, 120, lambda: str(statuses()))
    time.sleep(3)
    assert sink.count_by_recipient() == dict.fromkeys(expected_addresses(), 1)


# --- Bounded waits: a hung Redis, a locked table --------------------------------------------


class Gunicorn:
    def __init__(self, environment, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "backoffice.wsgi"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "60"),
            ],
            cwd=ROOT,
            env=environment,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: self.get("/healthz")[0] in (200, 503), 60, self.log_path.read_text)

    def get(self, path: str, cookies: dict | None = None, timeout: float = 30):
        import requests

        started = time.monotonic()
        try:
            response = requests.get(
                f"http://127.0.0.1:{self.port}{path}",
                cookies=cookies,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.ConnectionError:
            return None, time.monotonic() - started, None
        return response.status_code, time.monotonic() - started, response

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def gunicorn(tmp_path, app_environment):
    started: list[Gunicorn] = []

    def start(**overrides: str) -> Gunicorn:
        # As in production (DEBUG off: the plain error page), over plain HTTP.
        environment = app_environment(
            DJANGO_DEBUG="0",
            SECRET_KEY=STRONG_SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            STATIC_MANIFEST="0",
            **overrides,
        )
        server = Gunicorn(environment, tmp_path / f"gunicorn-{len(started)}.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def signed_in_cookies(client, settings):
    settings.SECRET_KEY = STRONG_SECRET_KEY  # the session is signed with gunicorn's key
    user = EmployeeFactory(user__email="ella@example.com").user
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


# An enqueue from a web process while Redis is frozen: how long the publish may hold it.
ENQUEUE_PROBE = """
import json, time, django
django.setup()
from backoffice.celery import enqueue
from backoffice.notifications.tasks import outbox_sweep_task
started = time.monotonic()
queued = enqueue(outbox_sweep_task)
print(json.dumps({"queued": queued, "seconds": time.monotonic() - started}))
"""


def test_a_frozen_redis_leaves_healthz_and_pages_quick(
    own_redis, gunicorn, signed_in_cookies, app_environment, tmp_path
):
    own_redis.start()
    job = RequisitionFactory()
    web = gunicorn(
        REDIS_URL=own_redis.url, CACHE_URL=own_redis.url, MEDIA_ROOT=str(tmp_path / "media")
    )
    assert web.get("/healthz")[2].json()["broker"] == "ok"
    own_redis.pause()  # accepts connections (the kernel does), never answers
    try:
        status, seconds, response = web.get("/healthz", timeout=10)
        assert status == 200
        assert seconds < 2, seconds
        body = response.json()
        assert (body["broker"], body["cache"], body["status"]) == ("timeout", "timeout", "degraded")
        assert body["database"] == "ok"

        status, seconds, _response = web.get("/", cookies=signed_in_cookies, timeout=10)
        assert status == 200
        assert seconds < 1, seconds

        probe = run_python(ENQUEUE_PROBE, app_environment(REDIS_URL=own_redis.url), timeout=60)
        assert probe.returncode == 0, probe.stderr
        enqueue = json.loads(probe.stdout.strip().splitlines()[-1])
        assert enqueue["queued"] is False
        assert enqueue["seconds"] < 3, enqueue
        # 50 emails written against the frozen Redis: the first publish waits out its
        # timeout, the rest are left to the sweep at once.
        written = write_batch(app_environment(REDIS_URL=own_redis.url), count=50)
        assert written["seconds"] < 5, written
        assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 50

        # A candidate applies: the careers page asks the cache (its rate limit fails open) and
        # queues the confirmation on the broker, each bounded by the 1 s read timeout.
        seconds = _apply(web, job)
        assert Application.objects.filter(requisition=job).count() == 1
        assert seconds < 4, seconds
        print(
            f"\n[outbox] publish to a frozen Redis gave up after {enqueue['seconds']:.2f}s; "
            f"50 emails written in {written['seconds']:.2f}s; an application (cache and broker "
            f"both frozen) answered in {seconds:.2f}s"
        )
    finally:
        own_redis.resume()


def _apply(web, job) -> float:
    import requests

    url = f"http://127.0.0.1:{web.port}{reverse('careers:detail', args=[job.pk])}"
    session = requests.Session()
    assert session.get(url, timeout=10).status_code == 200
    data = {
        "name": "Jane Doe",
        "email": "jane@example.net",
        "phone": "+31 6 1234 5678",
        "cover_letter": "I keep tidy records.",
        "years_experience": "5",
        "source": "Job board",
        "consent": "on",
        "website": "",
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    files = {"resume": ("jane-cv.pdf", pdf_bytes(), "application/pdf")}
    started = time.monotonic()
    response = session.post(url, data=data, files=files, timeout=30, allow_redirects=False)
    seconds = time.monotonic() - started
    assert response.status_code == 302, response.text[:2000]
    return seconds


def test_a_locked_table_fails_pages_and_healthz_within_the_timeouts(gunicorn, signed_in_cookies):
    import psycopg2

    web = gunicorn(DATABASE_STATEMENT_TIMEOUT_MS="1500", DATABASE_LOCK_TIMEOUT_MS="500")
    assert web.get("/", cookies=signed_in_cookies)[0] == 200

    settings = connection.settings_dict
    locker = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    )
    try:
        with locker.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE people_user, notifications_outboxmessage IN ACCESS EXCLUSIVE MODE"
            )
        started = time.monotonic()
        page_status, page_seconds, _page = web.get("/", cookies=signed_in_cookies, timeout=30)
        health_status, health_seconds, health = web.get("/healthz", timeout=30)
        assert page_status == 500
        assert page_seconds < 2, page_seconds  # lock_timeout 0.5 s, plus the request
        assert health_status == 503
        assert health_seconds < 2, health_seconds
        assert health.json()["database"] == "timeout"
        assert health.json()["status"] == "error"
        assert time.monotonic() - started < 4
    finally:
        locker.rollback()
        locker.close()
    assert web.get("/", cookies=signed_in_cookies)[0] == 200
    assert web.get("/healthz")[0] == 200


def test_worker_connections_get_the_longer_task_limits(test_database_url):
    """The web's short limits would cut a long sweep short: a worker runs with the _TASK ones."""
    environment = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DATABASE_URL=test_database_url,
        DATABASE_STATEMENT_TIMEOUT_MS="1234",
        DATABASE_STATEMENT_TIMEOUT_MS_TASK="98765",
    )
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "from backoffice.celery import _database_timeouts_for_tasks\n"
        "def show():\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SHOW statement_timeout'); return c.fetchone()[0]\n"
        "web = show(); _database_timeouts_for_tasks(); print(web, show())\n"
    )
    result = run_python(code, environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1234ms", "98765ms"]
