"""Helpers for tests that start the project as a separate process, the way it runs for real."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_SECRET_KEY = "kQ9v-3xZr8Lm2Tn7Wd5Yp1Hs6Fb4Jc0Ge9Uk3Ro8Ai2Vx7Nq5Bt1Zm6Cw4Dy0Ef9"


def base_environment(**overrides: str) -> dict[str, str]:
    """The current environment minus Backoffice's settings, plus `overrides`."""
    drop = {
        "DJANGO_DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL",
        "ALLOWED_HOSTS", "SITE_URL", "EMAIL_HOST", "TIME_ZONE", "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # fmt: skip
    environment = {key: value for key, value in os.environ.items() if key not in drop}
    venv_bin = str(Path(sys.executable).parent)
    environment["PATH"] = f"{venv_bin}{os.pathsep}{environment.get('PATH', '')}"
    environment.update(overrides)
    return environment


def run_python(code: str, environment: dict[str, str], timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(*arguments: str, environment: dict[str, str], timeout: float = 120):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
