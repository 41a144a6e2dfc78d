"""docker-compose.yml describes the full stack, and its commands really start.

No Docker engine runs here, so the web, worker and beat commands from the compose file are
run as local processes against this machine's PostgreSQL and Redis, with the compose file's
own environment (service host names swapped for local addresses).
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from celery import Celery
from django.db import connection

from tests.subprocess_env import ROOT, STRONG_SECRET_KEY, base_environment, free_port

COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_stack_has_every_service_with_health_checks_and_named_volumes():
    assert set(SERVICES) == {"postgres", "redis", "mailpit", "proxy", "web", "worker", "beat"}
    assert SERVICES["postgres"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert SERVICES["mailpit"]["image"].startswith("axllent/mailpit")
    for name in ("postgres", "redis", "mailpit", "proxy", "web", "worker"):
        assert "healthcheck" in SERVICES[name], name
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    mounted = {
        volume.split(":", 1)[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
        if not volume.startswith("./")  # the proxy's configuration file, from the repository
    }
    assert mounted == set(COMPOSE["volumes"])


def test_web_scales_behind_a_proxy_that_caps_request_bodies():
    # `docker compose up --scale web=2`: no fixed host port on web (two would clash); the
    # proxy publishes the one port and finds every replica by name.
    assert "ports" not in SERVICES["web"]
    assert SERVICES["proxy"]["ports"] == ["8000:8000"]
    mount = next(v for v in SERVICES["proxy"]["volumes"] if v.startswith("./"))
    caddyfile = (ROOT / mount.split(":")[0]).read_text()
    assert re.search(r"request_body\s*{\s*max_size 6MB", caddyfile)
    assert re.search(r"dynamic a\s*{\s*name web\s*port 8000", caddyfile)
    assert SERVICES["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_exactly_one_beat():
    beats = [name for name, service in SERVICES.items() if " beat" in service.get("command", "")]
    assert beats == ["beat"]
    assert SERVICES["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "beat" not in SERVICES["worker"]["command"].split()  # no embedded -B beat either


def test_web_migrates_then_serves_with_gunicorn():
    command = SERVICES["web"]["command"]
    assert command.index("migrate") < command.index("gunicorn")


def _resolve(value: str) -> str:
    """Apply compose's ${VAR:-default} and ${VAR:?message} the way compose would here."""

    def substitute(match: re.Match) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3)
        if operator == ":-":
            return os.environ.get(name) or rest
        return os.environ.get(name, "")

    return re.sub(r"\$\{(\w+)(:[-?])([^}]*)\}", substitute, str(value))


def _service_environment(service: str, *, database_url: str, **overrides: str) -> dict:
    declared = {key: _resolve(value) for key, value in SERVICES[service]["environment"].items()}
    declared.update(
        SECRET_KEY=STRONG_SECRET_KEY,
        DATABASE_URL=database_url,
        REDIS_URL=os.environ["TEST_REDIS_URL"],
        CACHE_URL=os.environ["TEST_REDIS_URL"],
        EMAIL_HOST="127.0.0.1",
        **overrides,
    )
    return base_environment(**declared)


class Running:
    """A compose command run locally in its own process group, its output in a log file."""

    def __init__(self, command: str, environment: dict, log: Path):
        self.log = log
        self.process = subprocess.Popen(  # noqa: S602 - the compose file's own shell command
            command,
            shell=True,
            cwd=ROOT,
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text()

    def wait_for(self, check, timeout: float = 60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"exited early:\n{self.output()}"
            result = check()
            if result:
                return result
            time.sleep(0.5)
        raise AssertionError(f"not ready after {timeout}s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def test_database_url(db) -> str:
    """A URL for the test database that pytest-django created (already migrated)."""
    name = connection.settings_dict["NAME"]
    return re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", os.environ["DATABASE_URL"], count=1)


@pytest.fixture
def run_service(tmp_path, test_database_url):
    started: list[Running] = []

    def run(service: str, **overrides: str) -> Running:
        environment = _service_environment(
            service,
            database_url=test_database_url,
            MEDIA_ROOT=str(tmp_path / "media"),
            CELERY_BEAT_SCHEDULE_FILENAME=str(tmp_path / "celerybeat-schedule"),
            **overrides,
        )
        running = Running(SERVICES[service]["command"], environment, tmp_path / f"{service}.log")
        started.append(running)
        return running

    yield run
    for running in started:
        running.stop()


def _get_json(url: str):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
            return response.status, json.loads(response.read())
    except OSError:
        return None


@pytest.mark.postgres
@pytest.mark.redis
def test_web_command_serves_healthz_through_gunicorn(run_service):
    port = free_port()
    web = run_service("web", PORT=str(port))
    status, body = web.wait_for(lambda: _get_json(f"http://127.0.0.1:{port}/healthz"))
    assert status == 200
    assert body == {
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
        "outbox": "ok",
        "outbox_oldest_pending_seconds": None,
        "status": "ok",
    }
    assert "Booting worker" in web.output()


@pytest.mark.postgres
@pytest.mark.redis
def test_worker_command_answers_a_ping_and_runs_a_task(run_service):
    worker = run_service("worker")
    # Not the current app: later tests in this process keep running tasks in-process.
    client = Celery(broker=os.environ["TEST_REDIS_URL"], set_as_current=False)
    replies = worker.wait_for(lambda: client.control.ping(timeout=1.0))
    assert any(name.startswith("celery@") for reply in replies for name in reply)
    client.send_task("backoffice.core.tasks.sessions_clear_expired_task")
    worker.wait_for(
        lambda: "sessions_clear_expired_task" in worker.output() and "succeeded" in worker.output()
    )


@pytest.mark.postgres
@pytest.mark.redis
def test_beat_command_starts_with_the_schedule_from_settings(run_service):
    beat = run_service("beat")
    beat.wait_for(lambda: "beat: Starting" in beat.output())
    time.sleep(2)
    assert beat.process.poll() is None, beat.output()
