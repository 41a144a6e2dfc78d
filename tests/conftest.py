from __future__ import annotations

import os
import re
import shutil

import pytest
from django.db import connection, transaction

from tests.factories.people import EmployeeFactory, UserFactory

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
# CI's second pass on SQLite with no Redis (.ci/run): there, and only there, tests that need
# PostgreSQL or Redis are expected to skip; any other skip still fails under CI=true.
SQLITE_PASS = os.environ.get("CI_SQLITE_PASS", "").lower() in {"1", "true", "yes"}
EXPECTED_SKIP = pytest.StashKey[bool]()
CHROMIUM = "/usr/bin/chromium"


def _missing_server(item: pytest.Item) -> str | None:
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL or start it at 127.0.0.1:5432)"
    if item.get_closest_marker("redis") and not os.environ.get("TEST_REDIS_URL"):
        return "needs Redis (set REDIS_URL or start it at 127.0.0.1:6379)"
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        reason = _missing_server(item)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
            item.stash[EXPECTED_SKIP] = SQLITE_PASS and reason.startswith(
                ("needs PostgreSQL", "needs Redis")
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if CI and report.skipped and not item.stash.get(EXPECTED_SKIP, False):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"CI=true allows no skipped test, and this one was skipped: {reason}"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and SQLITE_PASS:
        terminalreporter.write_line(
            f"{len(skipped)} test(s) that need PostgreSQL or Redis skipped: expected in the "
            "SQLite pass (CI_SQLITE_PASS=1). Reasons in the summary.",
            yellow=True,
        )
    elif skipped:
        terminalreporter.write_line(
            f"{len(skipped)} test(s) skipped because a server is missing here; "
            "with CI=true they would fail. Reasons in the summary.",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_login_throttle(settings) -> None:
    # django-axes needs a request to authenticate, which client.login() does not pass; the
    # throttle has its own tests (tests/people/test_login_protection.py) that turn it back on.
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _no_report_refresh(settings) -> None:
    # An outbox event of a hire or a leaving would compute the reports in-process (eager tasks);
    # their own tests (tests/core/test_report_refresh.py) turn it back on.
    settings.REPORT_REFRESH = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Reports are cached under fingerprints of newest ids; SQLite gives the ids of a rolled
    # back test to the next one, whose different data would then find the other's report.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# --- People in each role ------------------------------------------------------------------


@pytest.fixture
def hr_user(db):
    return EmployeeFactory(user__roles=["HR"], user__is_staff=True, job_title="HR Manager").user


@pytest.fixture
def hiring_manager(db):
    return EmployeeFactory(user__roles=["Hiring manager", "Interviewer"]).user


@pytest.fixture
def interviewer(db):
    return EmployeeFactory(user__roles=["Interviewer"]).user


@pytest.fixture
def employee_user(db):
    return EmployeeFactory().user


@pytest.fixture
def user_without_role(db):
    return UserFactory()


@pytest.fixture
def announce_hire(db):
    """announce_hire(employee, application=None): what recruiting's hire does after creating
    the employee: the durable `employee_hired` event, written in a transaction and run through
    its handlers (onboarding's plan, performance's check-ins) as the relay would."""
    from backoffice.notifications.services.outbox import outbox_event, outbox_events_process

    def announce(employee, application=None):
        key = f"people.employee_hired:{employee.pk}"
        with transaction.atomic():
            outbox_event(
                key=key,
                name="employee_hired",
                payload={
                    "employee_id": employee.pk,
                    "application_id": application.pk if application else None,
                },
            )
        return outbox_events_process(key=key, seconds=30)

    return announce


@pytest.fixture
def test_database_url(transactional_db) -> str:
    """DATABASE_URL pointing at this run's test database, for processes a test starts."""
    name = connection.settings_dict["NAME"]
    return re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", os.environ["DATABASE_URL"], count=1)


@pytest.fixture
def client_for(client):
    """client_for(user): the test client signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def own_redis(tmp_path):
    """A throwaway redis-server on a free port: start(), stop(), pause() (SIGSTOP), resume().

    For tests that take Redis away: the machine's shared Redis is never stopped.
    """
    import signal
    import socket
    import subprocess

    from tests.celery_worker import wait_for
    from tests.subprocess_env import free_port

    server = shutil.which("redis-server")
    if not server:
        pytest.fail("needs redis-server on PATH to start a throwaway Redis")
    port = free_port()
    processes: list[subprocess.Popen] = []

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    class OwnRedis:
        url = f"redis://127.0.0.1:{port}/0"

        @staticmethod
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

        @staticmethod
        def stop() -> None:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGCONT)
                    process.terminate()
                    process.wait(timeout=10)
            wait_for(lambda: not answers(), 10)

        @staticmethod
        def pause() -> None:
            processes[-1].send_signal(signal.SIGSTOP)

        @staticmethod
        def resume() -> None:
            processes[-1].send_signal(signal.SIGCONT)

    yield OwnRedis
    OwnRedis.stop()
