"""The transactional outbox: every email and every durable domain event, written with the
change that causes it and delivered after it commits.

Domain code calls `outbox_email(...)` (or `outbox_event(...)`) inside its transaction, and
nothing else: the row commits or rolls back with the change; a task queued on commit sends it
at once, and the beat sweep (`outbox_sweep`, every OUTBOX_SWEEP_SECONDS) sends whatever that
task did not (the broker was down, the worker died, a retry is due).

Delivery guarantee, per row: at least once, and once in the normal course. The relay claims
one row with SELECT … FOR UPDATE SKIP LOCKED, sends it while its transaction holds the row,
and marks it sent in that transaction as soon as the SMTP server accepted it. Two relays
never take the same row; a relay that dies before the commit leaves the row pending and it
goes out again. The one window for a second copy is a crash between the SMTP server's "250"
and the commit (a few milliseconds; the message keeps one Message-ID, so mail clients show
the copies as one). A refused address (5xx) fails its own row at once, a temporary error
(4xx, a dropped connection, a timeout) retries it with back-off and jitter up to
OUTBOX_MAX_ATTEMPTS, and neither holds back or repeats any other row.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import logging
import smtplib
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.core.text import single_line
from backoffice.notifications.events import event_handler_get, event_handlers
from backoffice.notifications.models import EventStatus, OutboxEvent, OutboxMessage, OutboxStatus
from backoffice.notifications.schedule import retry_delay_seconds
from backoffice.notifications.services.email import email_render

logger = logging.getLogger(__name__)

Attachment = tuple[str, bytes, str]  # filename, content, MIME type
# Kept in the row (base64) until sent: most mail servers refuse messages past 20-25 MB anyway.
MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024


@dataclass
class RelayReport:
    sent: int = 0
    failed: int = 0  # given up on: refused for good, or out of tries
    retrying: int = 0  # a temporary error: tried again after a back-off
    events_done: int = 0
    events_failed: int = 0
    events_retrying: int = 0
    retry_in: float | None = None  # the shortest back-off of the rows that wait


# --- Writing ------------------------------------------------------------------------------


def outbox_email(
    *,
    key: str,
    to: list[str],
    subject: str,
    template: str,
    context: dict,
    cc: list[str] | None = None,
    reply_to: list[str] | None = None,
    attachments: list[Attachment] | None = None,
) -> OutboxMessage:
    """Write one email to the outbox in the caller's transaction; it goes out after commit.

    `key` names the change that causes the email ("recruiting.rejection:<application id>"),
    at most 200 characters: a second call with the same key returns the first row and writes
    nothing, so a retried or doubled change never sends twice. The message is rendered now
    (`emails/<template>.txt` and `.html`, links from SITE_URL), so it says what the change
    meant, whatever happens to the data before it goes out.
    """
    recipients = [address for address in to if address]
    if not recipients:
        raise ValueError(f"outbox_email({key!r}): no recipient address")
    if sum(len(content) for _name, content, _type in attachments or []) > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"outbox_email({key!r}): attachments over {MAX_ATTACHMENT_BYTES} bytes")
    existing = OutboxMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing
    # A name with a line break in it (typed into any form) must not break the header.
    subject = single_line(subject)
    text, html = email_render(template=template, context={"subject": subject, **context})
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "template": template[:100],
            "to": recipients,
            "cc": list(cc or []),
            "reply_to": list(reply_to or []),
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "subject": f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"[:300],
            "body_text": text,
            "body_html": html,
            "attachments": [
                {
                    "filename": filename,
                    "mimetype": mimetype,
                    "content": base64.b64encode(content).decode("ascii"),
                }
                for filename, content, mimetype in attachments or []
            ],
            "message_id": make_msgid(domain=_message_id_domain()),
            "next_attempt_at": timezone.now(),
        },
    )
    if created:
        transaction.on_commit(partial(_queue_message, message.pk))
    return message


def outbox_event(*, key: str, name: str, payload: dict) -> list[OutboxEvent]:
    """Write a domain event for each of its registered handlers, in the caller's transaction.

    After commit a task runs each handler; a handler that fails is retried with back-off (its
    own row), and the beat sweep picks up any whose task was lost. The same `key` (the change,
    e.g. "people.employee_hired:<employee id>") never makes a second row per handler.
    """
    now = timezone.now()
    rows = [
        OutboxEvent(
            key=key, name=name, handler=handler.handler_id, payload=payload, next_attempt_at=now
        )
        for handler in event_handlers(name)
    ]
    if not rows:
        logger.warning("Event %s (%s): no handler is registered; nothing to do.", name, key)
        return []
    OutboxEvent.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(partial(_queue_event, key))
    return rows


def _message_id_domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >")
    return address or "backoffice.localhost"


# After the broker failed to take a task, this process stops trying for a while: the rows are
# safe in the outbox and the sweep sends them, while a batch of 100 emails written against a
# hung Redis would otherwise wait out 100 socket timeouts.
BROKER_PAUSE_SECONDS = 10
CLOCK_SKEW_SECONDS = 5
_broker_paused_until = 0.0


def _queue(task, *args) -> None:
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until and not settings.CELERY_TASK_ALWAYS_EAGER:
        return
    # A False here loses nothing: the row waits, and the next sweep sends it.
    if not enqueue(task, *args):
        _broker_paused_until = time.monotonic() + BROKER_PAUSE_SECONDS


def _queue_message(message_id: int) -> None:
    from backoffice.notifications.tasks import outbox_message_send_task

    _queue(outbox_message_send_task, message_id)


def _queue_event(key: str) -> None:
    from backoffice.notifications.tasks import outbox_events_process_task

    _queue(outbox_events_process_task, key)


# --- Sending ------------------------------------------------------------------------------


def outbox_message_send(*, message_id: int) -> RelayReport:
    """Send one outbox row if it is due and no other relay holds it."""
    report = RelayReport()
    # A few seconds' grace: the web host that wrote the row may run slightly ahead of this one.
    now = timezone.now() + datetime.timedelta(seconds=CLOCK_SKEW_SECONDS)
    with _Smtp() as smtp, transaction.atomic():
        message = (
            OutboxMessage.objects.due(now)
            .select_for_update(skip_locked=True)
            .filter(pk=message_id)
            .first()
        )
        if message is not None:
            _send_claimed(message, report, smtp)
    return report


def outbox_relay_due(*, seconds: float | None = None) -> RelayReport:
    """Send due rows one at a time, oldest first, each claimed and marked on its own.

    Stops when none is due or after `seconds` (OUTBOX_RELAY_SECONDS), so that a sweep ends
    before the next one starts; a second relay at the same time takes other rows.
    """
    report = RelayReport()
    deadline = time.monotonic() + (seconds or settings.OUTBOX_RELAY_SECONDS)
    with _Smtp() as smtp:
        while time.monotonic() < deadline:
            with transaction.atomic():
                message = (
                    OutboxMessage.objects.due(timezone.now())
                    .select_for_update(skip_locked=True)
                    .order_by("next_attempt_at", "id")
                    .first()
                )
                if message is None:
                    break
                _send_claimed(message, report, smtp)
    return report


class _Smtp:
    """One SMTP connection for the rows of a relay run, closed (QUIT) only after the last
    row's commit, so that the window between the server's "250" and the "sent" mark is one
    UPDATE and a commit. After an error the connection is dropped and the next row opens a
    new one."""

    def __init__(self):
        self.connection = None

    def __enter__(self) -> _Smtp:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def send(self, email: EmailMultiAlternatives) -> None:
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
            self.connection.open()
        try:
            self.connection.send_messages([email])
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):  # a broken connection: nothing left to close
                self.connection.close()
            self.connection = None


def _send_claimed(message: OutboxMessage, report: RelayReport, smtp: _Smtp) -> None:
    """Send a row whose lock the caller's transaction holds, and record the outcome."""
    message.attempts += 1
    try:
        smtp.send(_email(message))
    except Exception as error:  # any failure is recorded on the row, never lost
        error_text = f"{type(error).__name__}: {error}"[:2000]
        message.last_error = error_text
        if _permanent(error) or message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED
            report.failed += 1
            logger.error("Outbox email %s failed for good: %s", message.pk, error_text)
        else:
            delay = retry_delay_seconds(message.attempts, base=settings.OUTBOX_RETRY_BASE_SECONDS)
            message.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
            report.retrying += 1
            report.retry_in = min(delay, report.retry_in or delay)
            logger.warning(
                "Outbox email %s: try %s failed (%s); next in %.0fs",
                message.pk,
                message.attempts,
                error_text,
                delay,
            )
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = timezone.now()
        report.sent += 1
    message.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])


def _email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        reply_to=message.reply_to,
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(
            attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"]
        )
    return email


def _permanent(error: Exception) -> bool:
    """A 5xx answer: this message will never be accepted as it is (a refused address, a
    refused sender, a message refused for its content). Anything else may pass later."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPConnectError):
        return False  # a server that turns us away at the door may let us in later
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


# --- Events -------------------------------------------------------------------------------


def outbox_events_process(*, key: str | None = None, seconds: float | None = None) -> RelayReport:
    """Run due event handlers one row at a time (those of `key` only, when given)."""
    report = RelayReport()
    deadline = time.monotonic() + (seconds or settings.OUTBOX_RELAY_SECONDS)
    while time.monotonic() < deadline:
        with transaction.atomic():
            due = OutboxEvent.objects.due(timezone.now()).select_for_update(skip_locked=True)
            if key is not None:
                due = due.filter(key=key)
            event = due.order_by("next_attempt_at", "id").first()
            if event is None:
                break
            _process_claimed(event, report)
    return report


def _process_claimed(event: OutboxEvent, report: RelayReport) -> None:
    event.attempts += 1
    handler = event_handler_get(event.name, event.handler)
    try:
        if handler is None:
            raise LookupError(f"no handler {event.handler} is registered for {event.name}")
        # A savepoint: a handler that fails leaves no half of its writes behind.
        with transaction.atomic():
            if handler.with_event:
                handler.handle(event.payload, event)
            else:
                handler.handle(event.payload)
    except Exception as error:  # recorded on the row and retried, never lost
        event.last_error = f"{type(error).__name__}: {error}"[:2000]
        if handler is None or event.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            event.status = EventStatus.FAILED
            report.events_failed += 1
            logger.exception("Event %s → %s failed for good", event.name, event.handler)
        else:
            delay = retry_delay_seconds(event.attempts, base=settings.OUTBOX_RETRY_BASE_SECONDS)
            event.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
            report.events_retrying += 1
            report.retry_in = min(delay, report.retry_in or delay)
            logger.warning("Event %s → %s failed; next in %.0fs", event.name, event.handler, delay)
    else:
        event.status = EventStatus.DONE
        event.processed_at = timezone.now()
        report.events_done += 1
    event.save(
        update_fields=["attempts", "status", "processed_at", "last_error", "next_attempt_at"]
    )


# --- The sweep and HR's resend ------------------------------------------------------------


def outbox_sweep() -> RelayReport:
    """Beat's catch-up: due emails and due events whose task was lost or whose retry is due."""
    started = time.monotonic()
    report = outbox_relay_due()
    left = settings.OUTBOX_RELAY_SECONDS - (time.monotonic() - started)
    events = outbox_events_process(seconds=max(left, 1))
    report.events_done, report.events_failed = events.events_done, events.events_failed
    report.events_retrying = events.events_retrying
    if report.sent or report.failed or report.retrying or events.events_done:
        logger.info("Outbox sweep: %s", report)
    return report


def outbox_messages_resend(*, message_ids, by) -> int:
    """HR puts failed emails back to pending with a fresh count of tries; they go out now.

    Only HR may resend (a resend after the address was corrected in the message's source is
    a new email: this one goes to the address it was written for).
    """
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can resend emails.")
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update().filter(
            id__in=list(message_ids), status=OutboxStatus.FAILED
        )
        ids = list(rows.values_list("id", flat=True))
        OutboxMessage.objects.filter(id__in=ids).update(
            status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for message_id in ids:
            transaction.on_commit(partial(_queue_message, message_id))
    logger.info("%s resent %s failed email(s)", by.email, len(ids))
    return len(ids)


def outbox_events_retry(*, event_ids, by) -> int:
    """HR runs failed event handlers again (after the cause was fixed)."""
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can retry events.")
    with transaction.atomic():
        rows = OutboxEvent.objects.select_for_update().filter(
            id__in=list(event_ids), status=EventStatus.FAILED
        )
        claimed = list(rows.values_list("id", "key"))
        count = OutboxEvent.objects.filter(id__in=[row_id for row_id, _key in claimed]).update(
            status=EventStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        keys = sorted({key for _row_id, key in claimed})
        for key in keys:
            transaction.on_commit(partial(_queue_event, key))
    logger.info("%s retried %s failed event(s)", by.email, count)
    return count
