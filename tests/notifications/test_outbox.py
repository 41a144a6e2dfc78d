"""The outbox in-process: written with the change, sent once, refused and retried row by row.

The SMTP server is a real one (aiosmtpd, tests/notifications/smtp.py) reached through
Django's SMTP backend, so the refusals are the ones a mail server really answers.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from backoffice.notifications import events
from backoffice.notifications.events import event_handler
from backoffice.notifications.models import OutboxEvent, OutboxMessage
from backoffice.notifications.services import (
    outbox_email,
    outbox_event,
    outbox_events_retry,
    outbox_messages_resend,
    outbox_sweep,
)
from backoffice.notifications.services.outbox import outbox_message_send, outbox_relay_due
from tests.notifications.smtp import start_sink

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status


@pytest.fixture
def sink(settings):
    sink, controller = start_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_TIMEOUT = 5
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    yield sink
    controller.stop()


@pytest.fixture(autouse=True)
def _isolated_event_handlers():
    saved = {name: dict(handlers) for name, handlers in events._handlers.items()}
    events._handlers.clear()
    yield
    events._handlers.clear()
    events._handlers.update(saved)


def _email(key: str, to: str = "ann@example.com", **extra) -> OutboxMessage:
    return outbox_email(
        key=key,
        to=[to],
        subject=extra.pop("subject", "Your application"),
        template="recruiting_application_received",
        context={
            "candidate": {"name": "Ann Lee"},
            "application": {"requisition": {"title": "Data engineer"}},
            "withdraw_path": "/withdraw/abc/",
            **extra,
        },
    )


def test_the_email_is_written_with_the_change_and_sent_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = _email("tests.received:1")
        assert mail.outbox == []  # nothing leaves before the change commits
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [sent] = mail.outbox
    assert sent.to == ["ann@example.com"]
    assert sent.subject.endswith("Your application")
    assert "Dear Ann Lee" in sent.body
    assert "Data engineer" in sent.body
    assert "Data engineer" in sent.alternatives[0].content
    assert sent.extra_headers["Message-ID"] == message.message_id


def test_a_change_rolled_back_leaves_no_email(django_capture_on_commit_callbacks):
    def change_that_fails():
        with transaction.atomic():
            _email("tests.received:2")
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_same_key_never_makes_a_second_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _email("tests.received:3")
        second = _email("tests.received:3", subject="Something else")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_message_is_rendered_when_written_and_keeps_its_attachments(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_email(
            key="tests.with-attachment",
            to=["ann@example.com"],
            subject="Your offer",
            template="recruiting_application_received",
            context={"candidate": {"name": "Ann"}},
            attachments=[("offer.pdf", b"%PDF-1.4 \x00\xff bytes", "application/pdf")],
        )
    [sent] = mail.outbox
    assert sent.attachments == [("offer.pdf", b"%PDF-1.4 \x00\xff bytes", "application/pdf")]


def test_a_pending_email_says_what_its_change_meant_though_the_template_changed(settings, tmp_path):
    """Rendered when written: a template edited (or data changed) while the email waits in
    the outbox does not change what it says."""
    folder = tmp_path / "emails"
    folder.mkdir()
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    (folder / "tests_notice.txt").write_text("Your interview is on {{ day }}.")
    (folder / "tests_notice.html").write_text("<p>Your interview is on {{ day }}.</p>")
    person = {"day": "Monday"}
    outbox_email(
        key="tests.notice:1",
        to=["ann@example.com"],
        subject="Interview",
        template="tests_notice",
        context=person,
    )
    (folder / "tests_notice.txt").write_text("CHANGED {{ day }}")
    (folder / "tests_notice.html").write_text("<p>CHANGED {{ day }}</p>")
    person["day"] = "Friday"
    from django.template import engines

    for loader in engines["django"].engine.template_loaders:
        getattr(loader, "reset", lambda: None)()
    outbox_relay_due(seconds=5)
    [sent] = mail.outbox
    assert sent.body == "Your interview is on Monday."
    assert sent.alternatives[0].content == "<p>Your interview is on Monday.</p>"


def test_an_email_needs_a_recipient():
    with pytest.raises(ValueError, match="no recipient"):
        _email("tests.nobody", to="")


def test_attachments_are_capped():
    with pytest.raises(ValueError, match="attachments over"):
        outbox_email(
            key="tests.huge",
            to=["ann@example.com"],
            subject="Huge",
            template="recruiting_application_received",
            context={},
            attachments=[("big.bin", b"x" * (16 * 1024 * 1024), "application/octet-stream")],
        )
    assert not OutboxMessage.objects.exists()


def test_a_refused_address_fails_its_row_at_once_and_the_others_go(sink):
    sink.refused_addresses = {"bad@example.com"}
    for index, address in enumerate(["a@example.com", "bad@example.com", "c@example.com"]):
        _email(f"tests.batch:{index}", to=address)
    report = outbox_relay_due(seconds=30)
    assert (report.sent, report.failed, report.retrying) == (2, 1, 0)
    bad = OutboxMessage.objects.get(to=["bad@example.com"])
    assert bad.status == Status.FAILED
    assert bad.attempts == 1
    assert "550" in bad.last_error
    assert sink.count_by_recipient() == {"a@example.com": 1, "c@example.com": 1}
    # Nothing repeats: another relay finds nothing due.
    assert outbox_relay_due(seconds=30).sent == 0
    assert len(sink.messages) == 2


def test_a_temporary_error_retries_with_back_off_then_fails(sink, settings):
    sink.busy_answers = 10
    message = _email("tests.busy")
    before = timezone.now()
    report = outbox_message_send(message_id=message.pk)
    assert report.retrying == 1
    assert 60 <= report.retry_in <= 120  # base 60 s plus up to 60 s of jitter
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert "451" in message.last_error
    assert message.next_attempt_at >= before + datetime.timedelta(seconds=60)
    # Not due yet: a relay leaves it alone.
    assert outbox_message_send(message_id=message.pk).retrying == 0
    for tries in (2, 3):
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        report = outbox_message_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.attempts == tries
    assert report.failed == 1  # OUTBOX_MAX_ATTEMPTS = 3
    assert message.status == Status.FAILED
    assert sink.messages == []


def test_a_temporary_error_then_success_sends_once(sink):
    sink.busy_answers = 1
    message = _email("tests.busy-once")
    outbox_message_send(message_id=message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox_sweep().sent == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(sink.messages) == 1


def test_an_unreachable_server_is_a_temporary_error(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    message = _email("tests.no-server")
    assert outbox_message_send(message_id=message.pk).retrying == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert "Connection refused" in message.last_error or "Errno" in message.last_error


def test_hr_resends_a_failed_email(hr_user, employee_user, django_capture_on_commit_callbacks):
    message = _email("tests.failed")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.FAILED, attempts=8, last_error="550 no such mailbox"
    )
    with pytest.raises(PermissionDenied):
        outbox_messages_resend(message_ids=[message.pk], by=employee_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_messages_resend(message_ids=[message.pk], by=hr_user) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1
    # A sent email is not "resent" again.
    assert outbox_messages_resend(message_ids=[message.pk], by=hr_user) == 0


# --- Events -------------------------------------------------------------------------------


def test_an_event_reaches_every_handler_once_after_commit(django_capture_on_commit_callbacks):
    seen = []
    event_handler("tests.hired", handler_id="plan")(lambda payload: seen.append(("plan", payload)))
    event_handler("tests.hired", handler_id="mail")(lambda payload: seen.append(("mail", payload)))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox_event(key="hire:1", name="tests.hired", payload={"employee_id": 7})
        outbox_event(key="hire:1", name="tests.hired", payload={"employee_id": 7})
        assert seen == []
    assert sorted(seen) == [("mail", {"employee_id": 7}), ("plan", {"employee_id": 7})]
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {"done"}
    assert OutboxEvent.objects.count() == 2


def test_a_failing_handler_is_retried_alone_and_its_writes_roll_back(
    django_capture_on_commit_callbacks, hr_user
):
    calls = {"plan": 0, "mail": 0}

    def plan(payload):
        calls["plan"] += 1
        _email(f"tests.plan-written:{calls['plan']}")  # a write the failure must undo
        if calls["plan"] == 1:
            raise ConnectionError("the receiver failed once")

    def welcome(payload):
        calls["mail"] += 1

    event_handler("tests.hired", handler_id="plan")(plan)
    event_handler("tests.hired", handler_id="mail")(welcome)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_event(key="hire:2", name="tests.hired", payload={})
    failed = OutboxEvent.objects.get(handler="plan")
    assert (failed.status, failed.attempts) == ("pending", 1)
    assert "receiver failed once" in failed.last_error
    assert not OutboxMessage.objects.filter(key="tests.plan-written:1").exists()

    OutboxEvent.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep().events_done == 1
    assert calls == {"plan": 2, "mail": 1}
    assert OutboxMessage.objects.filter(key="tests.plan-written:2").exists()
    assert set(OutboxEvent.objects.values_list("status", flat=True)) == {"done"}


def test_an_event_out_of_tries_fails_and_hr_runs_it_again(
    settings, hr_user, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    broken = {"now": True}

    def handle(payload):
        if broken["now"]:
            raise ValueError("bad data")

    event_handler("tests.hired", handler_id="plan")(handle)
    with django_capture_on_commit_callbacks(execute=True):
        outbox_event(key="hire:3", name="tests.hired", payload={})
    event = OutboxEvent.objects.get()
    assert event.status == "failed"
    broken["now"] = False
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_events_retry(event_ids=[event.pk], by=hr_user) == 1
    event.refresh_from_db()
    assert event.status == "done"


def test_an_event_without_handlers_writes_nothing():
    assert outbox_event(key="x", name="tests.nobody-listens", payload={}) == []
    assert not OutboxEvent.objects.exists()
