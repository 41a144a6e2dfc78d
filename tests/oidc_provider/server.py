"""Start the test OpenID provider as its own process: migrate, register, serve with gunicorn."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.subprocess_env import ROOT, base_environment, free_port

CLIENT_ID = "backoffice-test-client"
CLIENT_SECRET = "backoffice-test-client-secret-0123456789"


@dataclass(frozen=True)
class Provider:
    issuer: str
    signing_key: Path
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _signing_key(path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _run(arguments: list[str], environment: dict) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "django", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"{arguments[0]} failed:\n{result.stdout}\n{result.stderr}"


@contextlib.contextmanager
def running_provider(folder: Path, *, redirect_uri: str, users: list[str]):
    """The provider at http://127.0.0.1:<free port>/o, until the block ends.

    `users` are "username:email:password[:unverified]".
    """
    port = free_port()
    issuer = f"http://127.0.0.1:{port}/o"
    key = folder / "signing-key.pem"
    _signing_key(key)
    environment = base_environment(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        PROVIDER_DATABASE=str(folder / "provider.sqlite3"),
        PROVIDER_SIGNING_KEY=str(key),
        PROVIDER_ISSUER=issuer,
    )
    _run(["migrate", "--verbosity", "0"], environment)
    _run(
        [
            "oidc_provider_setup",
            *("--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET),
            *("--redirect-uri", redirect_uri),
            *(argument for user in users for argument in ("--user", user)),
        ],
        environment,
    )
    log = folder / "provider.log"
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "tests.oidc_provider.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"),
        ],
        cwd=ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"the provider exited:\n{log.read_text()}"
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"the provider did not start:\n{log.read_text()}"
            time.sleep(0.3)
        yield Provider(issuer=issuer, signing_key=key)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
