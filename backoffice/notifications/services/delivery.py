"""Delivering reminders: one digest email per recipient, decided by the ledger.

Delivery guarantee: at least once per ledger key, never twice in the normal course.
The send task takes the recipient's digest lock (a transaction-scoped advisory lock, so a
second send for them leaves at once), claims their pending rows and marks them sent in one
UPDATE, sends the email while its transaction holds them, and commits once the SMTP server
accepted it. Two sends at once cannot claim the same rows; a worker that dies before the
commit leaves them pending (its transaction is rolled back), and they go out again later.
The one window for a duplicate is a crash after the SMTP server accepted the message and
before the commit: we prefer a rare second copy of a reminder to a reminder silently never
sent.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.reminders import reminder_kind_get
from backoffice.notifications.schedule import (
    days_overdue,
    local,
    retry_delay_seconds,
    sending_window_open,
)
from backoffice.notifications.selectors import (
    DigestRecipient,
    digest_recipient,
    reminder_daily_recipients_held,
)
from backoffice.notifications.services.email import email_send

logger = logging.getLogger(__name__)

# Listed one by one per kind in a digest, the most overdue first; the rest are counted, with
# a link to the page that lists them all. A digest of 300 lines would not be read.
DIGEST_ITEMS_PER_KIND = 5

# The first key of the digest's advisory lock (PostgreSQL): "RemD"; the second is the recipient.
DIGEST_LOCK = 0x52656D44

Audience = ReminderLedger.Audience
Status = ReminderLedger.Status
HEADINGS = {
    Audience.OWNER: "Due for you",
    Audience.MANAGER: "Overdue in your team",
    Audience.HR: "Overdue for a week or more (HR)",
}


@dataclass(frozen=True)
class DigestOutcome:
    sent: int = 0  # rows delivered in this digest
    failed: int = 0  # rows given up on after REMINDER_MAX_ATTEMPTS
    retry_in: float | None = None  # seconds to the next try when rows wait after an error


class _Claimed(NamedTuple):
    """A ledger row claimed by a send: what its digest shows, and how often it was tried."""

    id: int
    audience: str
    kind: str
    title: str
    path: str
    due: datetime.date | None
    attempts: int


def reminder_digest_send(
    *, recipient_id: int, now: datetime.datetime | None = None, respect_schedule: bool = True
) -> DigestOutcome:
    """Send the recipient one email listing all their pending reminders, and mark them sent.

    One UPDATE claims the rows (skipping rows another send holds) and marks them sent; the
    email goes out while its transaction holds them, and the commit follows the SMTP server's
    acceptance, so a send that dies is rolled back to pending. On an SMTP error each row counts
    a try and waits an exponential back-off with jitter; after REMINDER_MAX_ATTEMPTS it is
    failed, for HR to resend from the admin. With `respect_schedule` (every send but HR's
    resend) nothing goes out outside the sending window or before a daily digest is due.
    """
    now = now or timezone.now()
    if respect_schedule and not sending_window_open(now):
        return DigestOutcome()
    recipient = digest_recipient(recipient_id)
    if respect_schedule and _held(recipient, now):
        return DigestOutcome()
    with transaction.atomic():
        if not _digest_lock(recipient_id):
            return DigestOutcome()  # another send for this recipient is under way
        if recipient is None or not recipient.reachable:
            error = "The recipient has no active account with an email."
            failed = _rows_claim(recipient_id, now, status=Status.FAILED, last_error=error)
            return DigestOutcome(failed=len(failed))
        rows = _rows_claim(recipient_id, now, status=Status.SENT, sent_at=now)
        if not rows:
            return DigestOutcome()
        try:
            _digest_email(recipient, rows, now)
        except (smtplib.SMTPException, OSError) as error:
            error_text = f"{type(error).__name__}: {error}"
            logger.warning("Reminder digest to user %s failed: %s", recipient_id, error_text)
            return _rows_retry(rows, error=error_text, now=now)
    return DigestOutcome(sent=len(rows))


def _held(recipient: DigestRecipient | None, now: datetime.datetime) -> bool:
    """A daily-digest user's reminders wait for their digest (the sweep checked it when it
    queued this send, but the send may run much later)."""
    return bool(recipient and recipient.daily) and bool(
        reminder_daily_recipients_held({recipient.id}, now)
    )


def _digest_lock(recipient_id: int) -> bool:
    """Take the recipient's digest lock until the transaction ends; False if another send has it.

    One send per recipient at a time, and a second one leaves at once rather than waiting for
    the first one's SMTP server. One lock per digest, where SELECT … FOR UPDATE SKIP LOCKED
    would write a lock into each of its rows before the UPDATE rewrites them. SQLite, which
    lets one writer in at a time, needs none.
    """
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        # Ids past 2**31 share a lock with a smaller one: at worst a send waits for a sweep.
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [DIGEST_LOCK, recipient_id % 2**31]
        )
        return cursor.fetchone()[0]


def _rows_claim(
    recipient_id: int,
    now: datetime.datetime,
    *,
    status: str,
    sent_at: datetime.datetime | None = None,
    last_error: str = "",
) -> list[_Claimed]:
    """Set the status of the recipient's rows ready to send, and return them.

    One statement, so each row is written once; the rows stay locked until the caller's
    transaction ends.
    """
    ready = ReminderLedger.objects.ready_to_send(now).filter(recipient_id=recipient_id)
    ready_sql, ready_params = ready.query.get_compiler(connection=connection).compile(
        ready.query.where
    )
    claim = (
        f"UPDATE {ReminderLedger._meta.db_table} "  # noqa: S608 - names are ours
        "SET status = %s, sent_at = %s, attempts = attempts + 1, last_error = %s, "
        f"next_attempt_at = NULL WHERE {ready_sql} "
        f"RETURNING {', '.join(_Claimed._fields)}"
    )
    sent_at_value = connection.ops.adapt_datetimefield_value(sent_at)
    with connection.cursor() as cursor:
        cursor.execute(claim, [status, sent_at_value, last_error, *ready_params])
        return [
            _Claimed(row_id, audience, kind, title, path, _as_date(due), attempts)
            for row_id, audience, kind, title, path, due, attempts in cursor.fetchall()
        ]


def _as_date(value) -> datetime.date | None:
    # SQLite hands dates back as text.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _rows_retry(rows: list[_Claimed], *, error: str, now: datetime.datetime) -> DigestOutcome:
    """Undo the claim's "sent": rows wait out a back-off, or fail after their last try."""
    given_up = [row.id for row in rows if row.attempts >= settings.REMINDER_MAX_ATTEMPTS]
    waiting = [row for row in rows if row.attempts < settings.REMINDER_MAX_ATTEMPTS]
    ReminderLedger.objects.filter(id__in=given_up).update(
        status=Status.FAILED, sent_at=None, last_error=error[:2000]
    )
    retry_in = None
    if waiting:
        retry_in = retry_delay_seconds(max(row.attempts for row in waiting))
        ReminderLedger.objects.filter(id__in=[row.id for row in waiting]).update(
            status=Status.PENDING,
            sent_at=None,
            last_error=error[:2000],
            next_attempt_at=now + datetime.timedelta(seconds=retry_in),
        )
    return DigestOutcome(failed=len(given_up), retry_in=retry_in)


def _kind_label(key: str) -> str:
    try:
        return reminder_kind_get(key).label
    except KeyError:  # a kind no longer registered: its rows still go out
        return key


def _most_overdue_first(row: _Claimed) -> tuple:
    return (row.due is None, row.due or datetime.date.min, row.id)


def _digest_sections(rows: list[_Claimed], now: datetime.datetime) -> list[dict]:
    """Headings by audience, then one group per kind: its most overdue few and a count."""
    by_audience: dict[str, dict[str, list[_Claimed]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_audience[row.audience][row.kind].append(row)
    list_url = f"{settings.SITE_URL}{reverse('notifications:reminder_list')}"
    return [
        {
            "heading": HEADINGS[audience],
            "groups": sorted(
                (
                    _digest_group(kind, audience, kind_rows, now, list_url)
                    for kind, kind_rows in by_audience[audience].items()
                ),
                key=lambda group: group["label"],
            ),
        }
        for audience in HEADINGS
        if audience in by_audience
    ]


def _digest_group(
    kind: str, audience: str, rows: list[_Claimed], now: datetime.datetime, list_url: str
) -> dict:
    shown = sorted(rows, key=_most_overdue_first)[:DIGEST_ITEMS_PER_KIND]
    return {
        "label": _kind_label(kind),
        "items": [_digest_item(row, now) for row in shown],
        "not_shown": len(rows) - len(shown),
        "all_url": f"{list_url}?{urlencode({'kind': kind, 'audience': audience})}",
    }


def _digest_item(row: _Claimed, now: datetime.datetime) -> dict:
    overdue = days_overdue(row.due, now)
    return {
        "title": row.title,
        "url": f"{settings.SITE_URL}{row.path}",
        "due": row.due,
        "days_overdue": max(overdue, 0),
    }


def _digest_email(recipient: DigestRecipient, rows: list[_Claimed], now: datetime.datetime) -> None:
    count = len(rows)
    subject = (
        f"Reminder: {rows[0].title}" if count == 1 else f"{count} reminders for {local(now):%-d %B}"
    )
    email_send(
        to=[recipient.email],
        subject=subject[:150],
        template="reminder_digest",
        context={
            "recipient_name": recipient.name,
            "sections": _digest_sections(rows, now),
            "count": count,
            "preferences_url": f"{settings.SITE_URL}{reverse('notifications:preferences')}",
        },
    )


def reminders_resend(*, reminder_ids, by) -> int:
    """HR puts failed reminders back to pending with a fresh count of tries and sends them now.

    Only HR may resend. Each recipient's digest is queued after the commit and goes out at
    once, even outside the sending window, because a person asked for it; if the broker is
    down, the next sweep picks the rows up.
    """
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can resend reminders.")
    now = timezone.now()
    with transaction.atomic():
        rows = ReminderLedger.objects.select_for_update().filter(
            id__in=list(reminder_ids), status=Status.FAILED
        )
        recipient_ids = sorted(set(rows.values_list("recipient_id", flat=True)))
        count = rows.update(status=Status.PENDING, attempts=0, next_attempt_at=None, queued_at=now)
        transaction.on_commit(partial(_queue_resends, recipient_ids))
    logger.info("%s resent %s failed reminder(s)", by.email, count)
    return count


def _queue_resends(recipient_ids: list[int]) -> None:
    from backoffice.notifications.tasks import reminder_digest_send_task

    for recipient_id in recipient_ids:
        if not enqueue(reminder_digest_send_task, recipient_id, respect_schedule=False):
            ReminderLedger.objects.pending().filter(recipient_id__in=recipient_ids).update(
                queued_at=None
            )
            return
