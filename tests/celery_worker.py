"""A real Celery worker (with its beat) as a subprocess, for the tests that need one, and a
patient check. Shared by the outbox's and the webhooks' worker tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

from tests.subprocess_env import ROOT


def wait_for(check, timeout: float, describe=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"not done after {timeout}s\n{describe()}")


class Worker:
    """`celery worker`, with beat's schedule in the same process group unless `beat=False`;
    `purge=True` drops what an earlier test left queued."""

    def __init__(
        self,
        environment: dict[str, str],
        log_path,
        *,
        name: str = "test",
        beat: bool = True,
        purge: bool = False,
    ):
        self.log_path = log_path
        node = f"{name}-{uuid.uuid4().hex[:8]}@%h"
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "backoffice", "worker"),
                *(("-B",) if beat else ()),
                *("--loglevel", "INFO", "--concurrency", "2", "-n", node),
                *(("--purge",) if purge else ()),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=ROOT,
            env=environment,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: " ready." in self.output(), 60, self.output)

    def output(self) -> str:
        return self.log_path.read_text()

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
