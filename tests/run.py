"""`make test`: choose the database and broker the suite runs against, then run pytest.

- DATABASE_URL when set; else PostgreSQL at 127.0.0.1:5432 if it answers; else SQLite.
- REDIS_URL (or CELERY_BROKER_URL) when set; else Redis at 127.0.0.1:6379 if it answers.
  The suite itself always runs tasks in-process; the broker is handed to the tests that
  start a real Celery worker, beat or gunicorn as TEST_REDIS_URL.
- Tests that need a missing server are skipped and listed; with CI=true a skip is a failure.
- CI_SQLITE_PASS=1: SQLite and no broker whatever answers, as on a machine with neither; with
  CI=true only the skips of tests marked postgres or redis are allowed.
"""

from __future__ import annotations

import os
import socket
import sys

import pytest

LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/backoffice"
LOCAL_REDIS = "redis://127.0.0.1:6379/15"
SQLITE_PASS_DATABASE = "sqlite:///ci-sqlite-pass.sqlite3"


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def configure_environment(environ: dict[str, str]) -> list[str]:
    """Set DATABASE_URL and TEST_REDIS_URL in `environ`; return lines describing the choice."""
    notes = []
    if environ.get("CI_SQLITE_PASS", "").lower() in {"1", "true", "yes"}:
        # The README's promise: the suite passes with no PostgreSQL and no Redis at all.
        environ["DATABASE_URL"] = environ.get("CI_SQLITE_DATABASE_URL") or SQLITE_PASS_DATABASE
        environ.pop("REDIS_URL", None)
        environ.pop("CELERY_BROKER_URL", None)
        environ.pop("TEST_REDIS_URL", None)
        environ.setdefault("DJANGO_DEBUG", "1")
        environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        return [
            f"database: SQLite ({environ['DATABASE_URL']}), the SQLite pass",
            "broker: none; tests that need PostgreSQL or Redis are skipped, as expected here",
        ]
    if environ.get("DATABASE_URL"):
        notes.append("database: DATABASE_URL")
    elif _answers("127.0.0.1", 5432):
        environ["DATABASE_URL"] = LOCAL_POSTGRES
        notes.append("database: PostgreSQL at 127.0.0.1:5432")
    else:
        notes.append("database: SQLite (no PostgreSQL answered at 127.0.0.1:5432)")

    broker = environ.pop("REDIS_URL", "") or environ.pop("CELERY_BROKER_URL", "")
    if not broker and _answers("127.0.0.1", 6379):
        broker = LOCAL_REDIS
    if broker:
        environ["TEST_REDIS_URL"] = broker
        notes.append(f"broker for worker tests: {broker}")
    else:
        notes.append("broker: none (no Redis answered at 127.0.0.1:6379)")
    environ.setdefault("DJANGO_DEBUG", "1")
    # Playwright's sync API runs an event loop in the test thread.
    environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return notes


def main(argv: list[str]) -> int:
    for note in configure_environment(os.environ):
        print(f"[make test] {note}")
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        print("[make test] CI=true: every skipped test counts as a failure")
    return pytest.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
