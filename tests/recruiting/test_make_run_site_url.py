"""`make run PORT=… HOST=…` makes the links in emails (SITE_URL) follow, unless SITE_URL is set."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _dry_run(*args, site_url=None) -> str:
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    if site_url:
        env["SITE_URL"] = site_url
    result = subprocess.run(
        ["make", "-n", "run", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return next(line for line in result.stdout.splitlines() if "runserver" in line)


def test_site_url_follows_port_and_host():
    assert _dry_run("PORT=8101").startswith("SITE_URL=http://127.0.0.1:8101 ")
    assert _dry_run("PORT=8101", "HOST=localhost").startswith("SITE_URL=http://localhost:8101 ")
    assert _dry_run().startswith("SITE_URL=http://127.0.0.1:8000 ")


def test_a_set_site_url_wins():
    line = _dry_run("PORT=8101", site_url="https://hr.example.com")
    assert line.startswith("SITE_URL=https://hr.example.com ")
    assert line.endswith("runserver 127.0.0.1:8101")
