"""Delivering reminders: one digest email per recipient, decided by the ledger.

Delivery guarantee: at least once per ledger key, never twice in the normal course.
The send task claims the recipient's pending rows with SELECT … FOR UPDATE SKIP LOCKED, sends
the email while holding them, and marks them sent in the same transaction. Two sends at once
cannot claim the same rows; a worker that dies before the commit leaves them pending (its
transaction is rolled back), and they go out again later. The one window for a duplicate is a
crash after the SMTP server accepted the message and before the commit: we prefer a rare
second copy of a reminder to a reminder silently never sent.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
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
from backoffice.notifications.selectors import reminder_recipients_held
from backoffice.notifications.services.email import email_send

logger = logging.getLogger(__name__)

# Listed one by one in a digest; past this the email says how many more there are.
DIGEST_MAX_ITEMS = 50

Audience = ReminderLedger.Audience
Status = ReminderLedger.Status


@dataclass(frozen=True)
class DigestOutcome:
    sent: int = 0  # rows delivered in this digest
    failed: int = 0  # rows given up on after REMINDER_MAX_ATTEMPTS
    retry_in: float | None = None  # seconds to the next try when rows wait after an error


def reminder_digest_send(
    *, recipient_id: int, now: datetime.datetime | None = None, respect_schedule: bool = True
) -> DigestOutcome:
    """Send the recipient one email listing all their pending reminders, and mark them sent.

    The rows are claimed with a row lock (skipping rows another send holds) and marked sent in
    the same transaction, after the SMTP server accepted the message. On an SMTP error each row
    counts a try and waits an exponential back-off with jitter; after REMINDER_MAX_ATTEMPTS it
    is failed, for HR to resend from the admin. With `respect_schedule` (every send but HR's
    resend) nothing goes out outside the sending window or before a daily digest is due.
    """
    now = now or timezone.now()
    if respect_schedule and not _may_send_now(recipient_id, now):
        return DigestOutcome()
    with transaction.atomic():
        rows = list(
            ReminderLedger.objects.ready_to_send(now)
            .filter(recipient_id=recipient_id)
            .select_related("recipient")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("audience", "due", "kind", "id")
        )
        if not rows:
            return DigestOutcome()
        recipient = rows[0].recipient
        if not recipient.is_active or not recipient.email:
            return _rows_fail(rows, error="The recipient has no active account with an email.")
        try:
            _digest_email(recipient, rows, now)
        except (smtplib.SMTPException, OSError) as error:
            return _rows_retry(rows, error=f"{type(error).__name__}: {error}", now=now)
        ReminderLedger.objects.filter(id__in=[row.id for row in rows]).update(
            status=Status.SENT,
            sent_at=now,
            attempts=F("attempts") + 1,
            last_error="",
            next_attempt_at=None,
        )
    return DigestOutcome(sent=len(rows))


def _may_send_now(recipient_id: int, now: datetime.datetime) -> bool:
    return sending_window_open(now) and recipient_id not in reminder_recipients_held(
        [recipient_id], now
    )


def _rows_fail(rows: list[ReminderLedger], *, error: str) -> DigestOutcome:
    ReminderLedger.objects.filter(id__in=[row.id for row in rows]).update(
        status=Status.FAILED, last_error=error, next_attempt_at=None
    )
    return DigestOutcome(failed=len(rows))


def _rows_retry(rows: list[ReminderLedger], *, error: str, now: datetime.datetime):
    failed = 0
    most_attempts = 0
    for row in rows:
        row.attempts += 1
        row.last_error = error[:2000]
        if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            row.status = Status.FAILED
            row.next_attempt_at = None
            failed += 1
        else:
            most_attempts = max(most_attempts, row.attempts)
    retry_in = retry_delay_seconds(most_attempts) if failed < len(rows) else None
    for row in rows:
        if row.status == Status.PENDING:
            row.next_attempt_at = now + datetime.timedelta(seconds=retry_in)
    ReminderLedger.objects.bulk_update(
        rows, ["attempts", "last_error", "status", "next_attempt_at"]
    )
    logger.warning("Reminder digest to user %s failed: %s", rows[0].recipient_id, error)
    return DigestOutcome(failed=failed, retry_in=retry_in)


def _kind_label(key: str) -> str:
    try:
        return reminder_kind_get(key).label
    except KeyError:  # a kind no longer registered: its rows still go out
        return key


def _digest_email(recipient, rows: list[ReminderLedger], now: datetime.datetime) -> None:
    sections = []
    headings = {
        Audience.OWNER: "Due for you",
        Audience.MANAGER: "Overdue in your team",
        Audience.HR: "Overdue for a week or more (HR)",
    }
    shown = rows[:DIGEST_MAX_ITEMS]
    by_audience: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in shown:
        overdue = days_overdue(row.due, now)
        by_audience[row.audience][_kind_label(row.kind)].append(
            {
                "title": row.title,
                "url": f"{settings.SITE_URL}{row.path}",
                "due": row.due,
                "days_overdue": overdue if overdue > 0 else 0,
            }
        )
    for audience in (Audience.OWNER, Audience.MANAGER, Audience.HR):
        if audience in by_audience:
            groups = [
                {"label": label, "items": items}
                for label, items in sorted(by_audience[audience].items())
            ]
            sections.append({"heading": headings[audience], "groups": groups})
    count = len(rows)
    subject = (
        f"Reminder: {rows[0].title}" if count == 1 else f"{count} reminders for {local(now):%-d %B}"
    )
    email_send(
        to=[recipient.email],
        subject=subject[:150],
        template="reminder_digest",
        context={
            "recipient_name": recipient.get_short_name() or recipient.email,
            "sections": sections,
            "count": count,
            "not_shown": count - len(shown),
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
