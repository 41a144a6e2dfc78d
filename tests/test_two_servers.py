"""More than one web server (issue 22): two gunicorn instances and two Celery workers share one
PostgreSQL, one Redis and one S3-compatible object store (moto in server mode), and nothing
depends on which instance a request reaches.

- a session started on one instance continues on the other (sessions live in the database);
- a resume uploaded through one is stored in the bucket, not on a local disk, and downloads
  through the other, with the same access check and attachment headers;
- the task the upload queued runs once, on one of the two workers.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid

import boto3
import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from moto.server import ThreadedMotoServer

from recruiting.documents import simple_pdf
from recruiting.models import Application, ResumeText
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import RequisitionFactory
from tests.subprocess_env import ROOT, STRONG_SECRET_KEY, base_environment, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BUCKET = "backoffice-test"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class Process:
    def __init__(self, arguments: list[str], environment: dict, log):
        self.log = log
        self.process = subprocess.Popen(
            arguments,
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
            time.sleep(0.3)
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
def object_store():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_keys())
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


def _keys() -> dict:
    return {
        "aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    }


@pytest.fixture
def stack(transactional_db, object_store, tmp_path):
    """Two web servers and two workers, as `docker compose up --scale web=2` runs them."""
    endpoint, _client = object_store
    name = connection.settings_dict["NAME"]
    database_url = re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", os.environ["DATABASE_URL"], count=1)
    environment = base_environment(
        DJANGO_DEBUG="1",
        SECRET_KEY=STRONG_SECRET_KEY,
        DATABASE_URL=database_url,
        REDIS_URL=os.environ["TEST_REDIS_URL"],
        CACHE_URL=os.environ["TEST_REDIS_URL"],
        SESSIONS_IN_CACHE="1",  # the sessions each server reads from the shared cache
        STORAGE_URL=f"s3://{BUCKET}/uploads?endpoint_url={endpoint}&region=us-east-1"
        "&addressing_style=path",
        MEDIA_ROOT=str(tmp_path / "media"),  # must stay empty
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),  # nothing listens: emails wait in the outbox
        **CREDENTIALS,
    )
    processes: list[Process] = []
    webs = []
    for number in (1, 2):
        port = free_port()
        web = Process(
            [
                *(sys.executable, "-m", "gunicorn", "backoffice.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"),
            ],
            environment,
            tmp_path / f"web-{number}.log",
        )
        processes.append(web)
        webs.append(f"http://127.0.0.1:{port}")
    workers = []
    for number in (1, 2):
        worker = Process(
            [
                *(sys.executable, "-m", "celery", "-A", "backoffice", "worker"),
                *("--loglevel", "INFO", "--concurrency", "1"),
                *("-n", f"two-servers-{number}-{uuid.uuid4().hex[:6]}@%h"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            environment,
            tmp_path / f"worker-{number}.log",
        )
        processes.append(worker)
        workers.append(worker)
    try:
        for process, base in zip(processes, webs, strict=False):
            process.wait_for(lambda base=base: _answers(f"{base}/healthz"))
        for worker in workers:
            worker.wait_for(lambda worker=worker: " ready." in worker.output())
        yield webs, workers, tmp_path / "media"
    finally:
        for process in processes:
            process.stop()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_two_web_servers_and_two_workers_share_sessions_files_and_tasks(stack, object_store):
    (first, second), workers, media_root = stack
    _endpoint, bucket = object_store
    hr_user = EmployeeFactory(user__roles=["HR"], user__email="hr@example.com").user
    # Hashed the way the servers check it (the tests' own settings use a fast hasher).
    hr_user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    hr_user.save(update_fields=["password"])
    job = RequisitionFactory(title="Archive Clerk")
    resume = simple_pdf(["Priya Raman", "Palimpsest restoration, eight years."])

    # A candidate applies through the first server.
    candidate = requests.Session()
    token = _csrf(candidate, f"{first}/careers/{job.pk}/")
    response = candidate.post(
        f"{first}/careers/{job.pk}/",
        data={
            "csrfmiddlewaretoken": token,
            "name": "Priya Raman",
            "email": "priya@example.net",
            "years_experience": "8",
            "source": "Job board",
            "consent": "on",
            "website": "",
        },
        files={"resume": ("priya-cv.pdf", resume, "application/pdf")},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:2000]
    assert "/applied/" in response.url
    application = Application.objects.get(candidate__email="priya@example.net")

    # The file is in the bucket, under the random name; nothing was written to a local disk.
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert keys == [f"uploads/{application.resume.name}"]
    assert not media_root.exists() or not any(media_root.rglob("*"))

    # HR signs in on the first server and carries on on the second.
    hr = requests.Session()
    token = _csrf(hr, f"{first}/accounts/login/")
    signed_in = hr.post(
        f"{first}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": "hr@example.com", "password": PASSWORD},
        timeout=10,
    )
    assert signed_in.status_code == 200
    assert "/accounts/login/" not in signed_in.url
    page = hr.get(f"{second}/recruiting/candidates/", timeout=10, allow_redirects=False)
    assert page.status_code == 200
    assert "Priya Raman" in page.text

    # The resume downloads through the second server, as an attachment, checked as before.
    download = hr.get(f"{second}/recruiting/applications/{application.pk}/resume/", timeout=10)
    assert download.status_code == 200
    assert download.content == resume
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Cache-Control"] == "private, no-store"
    anonymous = requests.get(
        f"{second}/recruiting/applications/{application.pk}/resume/",
        timeout=10,
        allow_redirects=False,
    )
    assert anonymous.status_code == 302  # to the sign-in page, not the file

    # The task the upload queued ran once, on one of the two workers.
    def read() -> bool:
        row = ResumeText.objects.filter(application=application).first()
        return row is not None and row.status != ResumeText.Status.PENDING

    deadline = time.monotonic() + 60
    while not read():
        assert time.monotonic() < deadline, [worker.output() for worker in workers]
        time.sleep(0.5)
    row = ResumeText.objects.get(application=application)
    assert row.status == ResumeText.Status.DONE, row.error
    assert "Palimpsest restoration" in row.text
    assert row.attempts == 1
    time.sleep(2)  # a second delivery, were there one, would have shown by now
    runs = sum(
        len(re.findall(r"resume_text_extract_task\[[^\]]+\] succeeded", worker.output()))
        for worker in workers
    )
    assert runs == 1
