"""Sending a digest: the ledger decides, failures back off and give up, HR resends."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction

from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import (
    DigestOutcome,
    delivery,
    reminder_digest_send,
    reminders_resend,
)
from backoffice.notifications.tasks import reminder_digest_send_task
from tests.factories.notifications import ReminderLedgerFactory
from tests.factories.people import UserFactory
from tests.notifications.conftest import LONDON, WEDNESDAY_10AM
from tests.subprocess_env import free_port

pytestmark = pytest.mark.django_db
Status = ReminderLedger.Status


@pytest.fixture
def smtp_refused(settings):
    """A real SMTP backend pointed at a port where nothing listens: every send fails."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2


def test_a_send_claims_only_pending_rows_and_marks_them_sent(frozen):
    frozen(WEDNESDAY_10AM)
    user = UserFactory()
    pending = ReminderLedgerFactory.create_batch(2, recipient=user)
    already = ReminderLedgerFactory(recipient=user, status=Status.SENT, sent_at=WEDNESDAY_10AM)
    someone_else = ReminderLedgerFactory()

    outcome = reminder_digest_send(recipient_id=user.id)

    assert outcome.sent == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    for row in pending:
        row.refresh_from_db()
        assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, WEDNESDAY_10AM)
    assert already.title not in mail.outbox[0].body
    someone_else.refresh_from_db()
    assert someone_else.status == Status.PENDING


def test_a_second_send_for_the_same_recipient_sends_nothing(frozen):
    frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory()
    reminder_digest_send(recipient_id=row.recipient_id)
    assert reminder_digest_send(recipient_id=row.recipient_id).sent == 0
    assert len(mail.outbox) == 1


def test_nothing_is_sent_in_quiet_hours_and_the_rows_wait(frozen):
    evening = frozen(datetime.datetime(2026, 11, 25, 21, tzinfo=LONDON))
    row = ReminderLedgerFactory()
    assert reminder_digest_send(recipient_id=row.recipient_id, now=evening).sent == 0
    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert mail.outbox == []


def test_smtp_errors_back_off_then_fail_after_five_tries(frozen, smtp_refused):
    now = frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory()
    delays = []
    for attempt in range(1, 6):
        outcome = reminder_digest_send(recipient_id=row.recipient_id, now=now)
        row.refresh_from_db()
        assert row.attempts == attempt
        assert "ConnectionRefusedError" in row.last_error
        if attempt < 5:
            assert row.status == Status.PENDING
            delays.append((row.next_attempt_at - now).total_seconds())
            # Not before its back-off has run out.
            assert reminder_digest_send(recipient_id=row.recipient_id, now=now).sent == 0
            now = row.next_attempt_at
        else:
            assert row.status == Status.FAILED
            assert outcome.retry_in is None
    assert [int(delay // 60) for delay in delays] == [1, 2, 4, 8]
    assert mail.outbox == []


def test_in_process_the_task_leaves_the_retry_to_the_next_sweep(frozen, smtp_refused):
    frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory()
    # A real worker retries through Celery (tests/notifications/test_worker.py).
    result = reminder_digest_send_task.apply(args=[row.recipient_id])
    assert result.state == "SUCCESS"
    row.refresh_from_db()
    assert row.attempts == 1
    assert row.next_attempt_at > WEDNESDAY_10AM


def test_a_recipient_who_left_is_failed_not_retried_for_ever(frozen):
    frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory(recipient__is_active=False)
    assert reminder_digest_send(recipient_id=row.recipient_id).failed == 1
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert "no active account" in row.last_error


def test_a_recipient_without_an_email_address_is_failed_too(frozen):
    frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory(recipient__email="")
    assert reminder_digest_send(recipient_id=row.recipient_id).failed == 1
    row.refresh_from_db()
    assert (row.status, row.sent_at) == (Status.FAILED, None)
    assert mail.outbox == []


def test_escalated_copies_are_listed_under_their_own_heading(frozen):
    frozen(WEDNESDAY_10AM)
    boss = UserFactory()
    ReminderLedgerFactory(recipient=boss, title="Approve the budget")
    ReminderLedgerFactory(
        recipient=boss,
        audience=ReminderLedger.Audience.MANAGER,
        title="Ella Novak: Sign the IT policy",
        due=datetime.date(2026, 11, 20),
    )
    reminder_digest_send(recipient_id=boss.id)
    body = mail.outbox[0].body
    assert body.index("Due for you") < body.index("Approve the budget")
    assert body.index("Overdue in your team") < body.index("Ella Novak: Sign the IT policy")
    assert "overdue by 5 days" in body


def test_a_big_digest_lists_the_most_overdue_few_per_kind_and_links_to_the_rest(frozen):
    frozen(WEDNESDAY_10AM)
    hr = UserFactory()
    for days in range(12):
        ReminderLedgerFactory(
            recipient=hr,
            kind="tests.review",
            title=f"Review late by {days} days",
            due=WEDNESDAY_10AM.date() - datetime.timedelta(days=days),
        )
    ReminderLedgerFactory.create_batch(2, recipient=hr, kind="tests.training")

    assert reminder_digest_send(recipient_id=hr.id).sent == 14

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    assert message.subject == "[Backoffice] 14 reminders for 25 November"
    for days in range(7, 12):  # the five most overdue
        assert f"Review late by {days} days" in message.body
    assert "Review late by 6 days" not in message.body
    everything = (
        "https://hr.example.com/notifications/reminders/all/?kind=tests.review&audience=owner"
    )
    assert f"And 7 more: {everything}" in message.body
    assert everything.replace("&", "&amp;") in html
    assert message.body.count("And ") == 1  # the two trainings are all listed
    # Every row went out in this digest, listed or counted.
    assert set(ReminderLedger.objects.values_list("status", flat=True)) == {Status.SENT}


def test_hr_resends_failed_reminders(frozen, hr_user, django_capture_on_commit_callbacks):
    frozen(datetime.datetime(2026, 11, 28, 10, tzinfo=LONDON))  # a Saturday: sent all the same
    failed = ReminderLedgerFactory(status=Status.FAILED, attempts=5, last_error="550 no")
    sent = ReminderLedgerFactory(status=Status.SENT, sent_at=WEDNESDAY_10AM)
    with django_capture_on_commit_callbacks(execute=True):
        count = reminders_resend(reminder_ids=[failed.id, sent.id], by=hr_user)
    assert count == 1
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 1)
    assert len(mail.outbox) == 1


def test_only_hr_may_resend(employee_user):
    failed = ReminderLedgerFactory(status=Status.FAILED)
    with pytest.raises(PermissionDenied):
        reminders_resend(reminder_ids=[failed.id], by=employee_user)
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_send_for_a_recipient_leaves_while_the_first_holds_their_digest(frozen):
    frozen(WEDNESDAY_10AM)
    row = ReminderLedgerFactory()
    holding, release = threading.Event(), threading.Event()

    def first_send_still_talking_to_smtp():
        try:
            with transaction.atomic():
                assert delivery._digest_lock(row.recipient_id)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    first = threading.Thread(target=first_send_still_talking_to_smtp)
    first.start()
    assert holding.wait(10)
    try:
        assert reminder_digest_send(recipient_id=row.recipient_id) == DigestOutcome()
        row.refresh_from_db()
        assert row.status == Status.PENDING
    finally:
        release.set()
        first.join()
    assert reminder_digest_send(recipient_id=row.recipient_id).sent == 1
