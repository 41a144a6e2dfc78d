"""CI's SQLite pass: no PostgreSQL, no Redis, and only the skips that this explains."""

from __future__ import annotations

import subprocess
import sys

from tests.run import configure_environment
from tests.subprocess_env import ROOT, base_environment


def test_the_sqlite_pass_ignores_the_servers_that_answer():
    environ = {
        "CI_SQLITE_PASS": "1",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/backoffice",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    notes = configure_environment(environ)
    assert environ["DATABASE_URL"].startswith("sqlite:///")
    assert "REDIS_URL" not in environ
    assert "TEST_REDIS_URL" not in environ
    assert "SQLite pass" in notes[0]


TESTS = """
import pytest

@pytest.mark.postgres
def test_needs_postgres():
    pass

@pytest.mark.redis
def test_needs_redis():
    pass

def test_skips_for_another_reason():
    pytest.skip("something else is missing")
"""


def _run(tmp_path, **environment) -> str:
    # The suite's own conftest, next to a few tests that skip.
    (tmp_path / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())
    test_file = tmp_path / "test_skips.py"
    test_file.write_text(TESTS)
    env = base_environment(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DATABASE_URL="sqlite:///unused.sqlite3",
        **environment,
    )
    env.pop("TEST_REDIS_URL", None)  # no Redis here, as on a machine without one
    if "CI_SQLITE_PASS" not in environment:
        env.pop("CI_SQLITE_PASS", None)  # this test may itself run in the SQLite pass
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", str(test_file), "--confcutdir", str(tmp_path)),
            *("-c", str(ROOT / "pyproject.toml"), "-q", "-p", "no:cacheprovider"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result.stdout + result.stderr


def test_in_the_sqlite_pass_only_postgres_and_redis_skips_are_allowed(tmp_path):
    output = _run(tmp_path, CI="true", CI_SQLITE_PASS="1")
    assert "1 failed, 2 skipped" in output, output
    assert "something else is missing" in output


def test_without_the_sqlite_pass_every_skip_fails_under_ci(tmp_path):
    output = _run(tmp_path, CI="true")
    summary = output.strip().splitlines()[-1]
    assert "passed" not in summary, output
    assert "skipped" not in summary, output
    for name in ("test_needs_postgres", "test_needs_redis", "test_skips_for_another_reason"):
        assert f"::{name} - CI=true allows no skipped test" in output, output
