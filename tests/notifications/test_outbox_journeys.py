# ruff: noqa: F811  (the fixtures imported from the outbox worker tests are arguments here)
"""Issue 18's "done when", through the product's own paths: a real Celery worker (with its
beat) on Redis, gunicorn, a real SMTP server and PostgreSQL.

- Redis is stopped while candidates apply on the careers page, HR moves them, sends skills
  tests and interviews and makes an offer that the candidate accepts on their signed page:
  every page answers, every change commits with its emails and events, and after Redis
  returns every email arrives exactly once and the hire has their onboarding plan.
- A batch of 100 due rejection emails (one address refused with 550) with the worker
  SIGKILLed in the middle: each candidate ends with one email, apart from the documented
  window between the SMTP server's "250" and the commit, which the test measures and reports.

The fixtures (worker, gunicorn, a throwaway redis-server, the SMTP sink) are the outbox
worker tests' own.
"""

from __future__ import annotations

import collections
import datetime
import json
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.models import EventStatus, OutboxEvent, OutboxMessage
from backoffice.people.models import Employee
from onboarding.models import OnboardingPlan
from performance.models import ProbationCheckIn
from recruiting.models import Application, Candidate
from tests.celery_worker import wait_for
from tests.factories.onboarding import ChecklistTemplateFactory, TemplateItemFactory
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    RejectionReasonFactory,
    RequisitionFactory,
    pdf_bytes,
)
from tests.notifications.test_outbox_worker import (  # noqa: F401  (fixtures)
    _acceptance_to_commit_window,
    app_environment,
    gunicorn,
    sink,
    start_worker,
)
from tests.subprocess_env import STRONG_SECRET_KEY, run_python

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
Status = OutboxMessage.Status
APPLICANTS = 5  # the careers page allows 5 applications an hour from one address

# HR's side of the journey, in its own process as the web's would be (Redis is down: every
# publish fails, quickly, and the rows wait in the outbox). Prints the offer's signed link.
HR_ACTIONS = """
import datetime, json, os, time, django
django.setup()
from django.utils import timezone
from backoffice.people.models import User
from recruiting.models import Application
from recruiting.services import candidate_links
from recruiting.services import offers
from recruiting.services.applications import application_move
from recruiting.services.interviews import interview_schedule
from recruiting.services.skills_test import skills_test_send

arguments = json.loads(os.environ["JOURNEY_ARGUMENTS"])
hr = User.objects.get(pk=arguments["hr"])
interviewer = User.objects.get(pk=arguments["interviewer"])
started = time.monotonic()
applications = list(
    Application.objects.filter(requisition_id=arguments["requisition"]).order_by("pk")
)
for number, application in enumerate(applications):
    application_move(application=application, to_stage="screening", by=hr)
    skills_test_send(application=application, by=hr)
    application_move(application=application, to_stage="interview", by=hr)
    interview_schedule(
        application=application,
        by=hr,
        kind="interview",
        starts_at=timezone.now() + datetime.timedelta(days=3, hours=number),
        duration_minutes=45,
        interviewers=[interviewer],
        video_link="https://meet.example.com/backoffice",
    )
chosen = applications[0]
application_move(application=chosen, to_stage="offer", by=hr)
today = timezone.localdate()
offer = offers.offer_create(
    application=chosen,
    by=hr,
    salary=42000,
    start_date=today + datetime.timedelta(days=30),
    expires_on=today + datetime.timedelta(days=14),
)
offer = offers.offer_transition(offer=offer, to_status="approved", by=hr)
offer = offers.offer_transition(offer=offer, to_status="sent", by=hr)
print(json.dumps({
    "token": candidate_links.offer_token(offer),
    "seconds": time.monotonic() - started,
}))
"""


def _careers_apply(web, job, number: int) -> float:
    import requests

    url = f"http://127.0.0.1:{web.port}{reverse('careers:detail', args=[job.pk])}"
    session = requests.Session()
    assert session.get(url, timeout=10).status_code == 200
    data = {
        "name": f"Candidate Number{number}",
        "email": f"applicant{number}@example.net",
        "phone": "+31 6 1234 5678",
        "cover_letter": "I keep tidy records.",
        "years_experience": "5",
        "source": "Job board",
        "consent": "on",
        "website": "",
        "csrfmiddlewaretoken": session.cookies["csrftoken"],
    }
    files = {"resume": (f"cv-{number}.pdf", pdf_bytes(), "application/pdf")}
    started = time.monotonic()
    response = session.post(url, data=data, files=files, timeout=30, allow_redirects=False)
    assert response.status_code == 302, response.text[:2000]
    return time.monotonic() - started


def _accept_offer(web, token: str) -> float:
    import requests

    url = f"http://127.0.0.1:{web.port}{reverse('careers:offer', args=[token])}"
    session = requests.Session()
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:2000]
    started = time.monotonic()
    response = session.post(
        url,
        data={
            "action": "accept",
            "typed_name": "Candidate Number0",
            "accept": "yes",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:2000]
    return time.monotonic() - started


def _received(sink) -> collections.Counter:
    with sink.lock:
        return collections.Counter((message["To"], message["Subject"]) for message in sink.messages)


def _written() -> collections.Counter:
    return collections.Counter(
        (", ".join(to), subject)
        for to, subject in OutboxMessage.objects.values_list("to", "subject")
    )


def _statuses() -> str:
    messages = collections.Counter(OutboxMessage.objects.values_list("status", flat=True))
    events = collections.Counter(OutboxEvent.objects.values_list("status", flat=True))
    return f"emails {dict(messages)}, events {dict(events)}"


def test_redis_down_through_a_hiring_journey_every_email_arrives_once_after(
    sink, start_worker, app_environment, own_redis, gunicorn, tmp_path
):
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True, job_title="HR Manager").user
    interviewer = EmployeeFactory(user__roles=["Interviewer"]).user
    manager = EmployeeFactory(user__roles=["Hiring manager"])
    job = RequisitionFactory(hiring_manager=manager.user, title="Payroll Clerk", headcount=1)
    TemplateItemFactory(template=ChecklistTemplateFactory(name="Everyone"), title="Bring your ID")

    own_redis.start()
    start_worker(REDIS_URL=own_redis.url, SECRET_KEY=STRONG_SECRET_KEY)
    web = gunicorn(REDIS_URL=own_redis.url, MEDIA_ROOT=str(tmp_path / "media"))
    own_redis.stop()

    # Candidates apply, HR works the pipeline, the chosen one accepts: all with Redis down.
    apply_seconds = [_careers_apply(web, job, number) for number in range(APPLICANTS)]
    assert Application.objects.filter(requisition=job).count() == APPLICANTS
    actions = run_python(
        HR_ACTIONS,
        app_environment(
            REDIS_URL=own_redis.url,
            SECRET_KEY=STRONG_SECRET_KEY,
            MEDIA_ROOT=str(tmp_path / "media"),
            JOURNEY_ARGUMENTS=json.dumps(
                {"hr": hr.pk, "interviewer": interviewer.pk, "requisition": job.pk}
            ),
        ),
        timeout=180,
    )
    assert actions.returncode == 0, actions.stderr[-3000:]
    hr_side = json.loads(actions.stdout.strip().splitlines()[-1])
    accept_seconds = _accept_offer(web, hr_side["token"])
    employee = Employee.objects.get(user__email="applicant0@example.net")
    assert max(apply_seconds) < 5, apply_seconds
    assert accept_seconds < 5, accept_seconds

    # Nothing can go out yet, and nothing is lost: every email and event waits in the outbox.
    time.sleep(3)
    assert sink.messages == []
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {EventStatus.PENDING}
    assert not OnboardingPlan.objects.filter(employee=employee).exists()
    written = _written()
    keys = list(OutboxMessage.objects.values_list("key", flat=True))
    for kind, count in {
        "recruiting.application_received:": APPLICANTS,
        "recruiting.skills_test:": APPLICANTS,
        # HR's moves, told to the manager: two per applicant, the move to offer, and the
        # others closed when the hire filled the job.
        "recruiting.stage_notice:": 2 * APPLICANTS + 1 + (APPLICANTS - 1),
        "recruiting.offer_sent:": 1,
        "recruiting.welcome:": 1,
    }.items():
        assert sum(key.startswith(kind) for key in keys) == count, (kind, sorted(keys))
    # Each interview: the interviewer's invitation and the candidate's.
    assert sum(key.startswith("recruiting.interview") for key in keys) == 2 * APPLICANTS, keys

    # Redis comes back: the worker reconnects and its beat sweep sends what the tasks did not.
    own_redis.start()
    wait_for(
        lambda: (
            set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}
            and set(OutboxEvent.objects.values_list("status", flat=True)) == {EventStatus.DONE}
        ),
        180,
        _statuses,
    )
    time.sleep(5)  # two more sweeps: room for a second copy to arrive, if there were one
    received = _received(sink)
    assert received == written, (received - written, written - received)
    assert set(received.values()) == {1}
    for number in range(APPLICANTS):
        address = f"applicant{number}@example.net"
        # Application received, skills test link, interview invitation (and for the one
        # hired: the offer and the welcome with the set-password link).
        assert len(sink.to(address)) == (5 if number == 0 else 3), address
    assert OnboardingPlan.objects.get(employee=employee).items.count() == 1
    assert ProbationCheckIn.objects.filter(employee=employee).count() == 3
    print(
        f"\n[outbox] Redis down through {APPLICANTS} applications (slowest answer "
        f"{max(apply_seconds):.2f}s), HR's moves, tests and interviews "
        f"({hr_side['seconds']:.2f}s) and an accepted offer ({accept_seconds:.2f}s): "
        f"{sum(written.values())} emails and the hire's events, each delivered once after "
        "Redis returned"
    )


# One process runs the due rejections, as beat's task does: each application's email is
# written and committed on its own, and its task queued after that commit.
REJECTIONS_DUE = """
import json, django
django.setup()
from recruiting.services import rejection_emails_send_due
print(json.dumps({"written": rejection_emails_send_due()}))
"""
BATCH = 100
REFUSED = "rejected37@example.net"


def test_a_batch_of_due_rejections_with_a_killed_worker_and_a_refused_address(
    sink, start_worker, app_environment
):
    job = RequisitionFactory(title="Bookkeeper")
    reason = RejectionReasonFactory()
    due = timezone.now() - datetime.timedelta(minutes=1)
    for number in range(BATCH):
        ApplicationFactory(
            requisition=job,
            stage=Application.Stage.REJECTED,
            rejection_reason=reason,
            rejection_email_due_at=due,
            candidate__email=f"rejected{number}@example.net",
        )
    addresses = {f"rejected{number}@example.net" for number in range(BATCH)}
    sink.refused_addresses = {REFUSED}
    sink.delay_seconds = 0.05  # a batch takes a few seconds: room to kill in the middle
    worker = start_worker()
    result = run_python(REJECTIONS_DUE, app_environment(), timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    written_here = json.loads(result.stdout.strip().splitlines()[-1])["written"]
    # The worker's beat runs the same task every minute: if it ran meanwhile, the two took
    # different applications (each row locked and skipped by the other), each written once.
    wait_for(
        lambda: (
            OutboxMessage.objects.filter(key__startswith="recruiting.rejection:").count() == BATCH
        ),
        90,
        _statuses,
    )
    assert not Application.objects.filter(rejection_email_sent_at__isnull=True).exists()

    wait_for(lambda: len(sink.messages) >= 30, 60, worker.output)
    worker.kill()
    accepted_at_kill = len(sink.messages)
    time.sleep(1)
    marked_at_kill = OutboxMessage.objects.filter(status=Status.SENT).count()
    assert marked_at_kill < BATCH - 1, (accepted_at_kill, _statuses())

    start_worker()  # the beat sweep finds the rows whose tasks died with the old worker
    wait_for(
        lambda: (
            dict(collections.Counter(OutboxMessage.objects.values_list("status", flat=True)))
            == {Status.SENT: BATCH - 1, Status.FAILED: 1}
        ),
        180,
        _statuses,
    )
    time.sleep(5)  # two more sweeps: nothing may go out again

    counts = sink.count_by_recipient()
    assert set(counts) == addresses - {REFUSED}
    duplicates = {address: count for address, count in counts.items() if count > 1}
    # The documented window (accepted, killed before the commit): at most one row per pool
    # process (2); a second copy keeps the first one's Message-ID.
    assert len(duplicates) <= 2, duplicates
    assert all(count == 2 for count in duplicates.values()), duplicates
    for address in duplicates:
        assert len({message["Message-ID"] for message in sink.to(address)}) == 1
    refused = OutboxMessage.objects.get(status=Status.FAILED)
    assert refused.to == [REFUSED]
    assert refused.key.startswith("recruiting.rejection:")
    assert "550" in refused.last_error
    assert Candidate.objects.get(email=REFUSED).applications.get().rejection_email_sent_at
    window = _acceptance_to_commit_window(sink)
    print(
        f"\n[outbox] 100 due rejections ({written_here} written by the task run by hand, the "
        f"rest by beat's), worker killed after {accepted_at_kill} accepted / "
        f"{marked_at_kill} marked sent; second copies: {len(duplicates)}; the 550 row failed "
        f"alone; acceptance→mark window: median {window['median_ms']:.1f} ms, "
        f"max {window['max_ms']:.1f} ms"
    )
