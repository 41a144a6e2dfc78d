"""The sweep: compute from the database what is due, write it to the ledger, queue the sends.

Each collector's items are read in batches of REMINDER_BATCH_SIZE; each batch costs a bounded
number of queries whatever its size (at most: the employees and their managers, and the
recipients' accounts and preferences), and what was looked up once is remembered for the rest
of the sweep. The rows, plain tuples, are staged in a temporary table (COPY on PostgreSQL) and
written with one INSERT per kind that skips the keys already in the ledger (ledger_stage.py).
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Min
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.core.calendar import WorkingCalendar
from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.reminders import DueItem, ReminderKind, reminder_kinds
from backoffice.notifications.schedule import local, sending_window_open, working_days_overdue
from backoffice.notifications.selectors import reminder_recipients_held
from backoffice.notifications.services.ledger_stage import LedgerStage, StagedRow
from backoffice.people.models import Employee, User
from backoffice.people.roles import Role

logger = logging.getLogger(__name__)

Audience = ReminderLedger.Audience


@dataclass
class SweepReport:
    skipped: bool = False  # outside working days or inside quiet hours: nothing done
    offered: int = 0  # ledger rows offered to the database (existing keys are ignored)
    recipients_queued: int = 0  # digest sends queued
    broker_down: bool = False


def reminders_sweep(*, now: datetime.datetime | None = None) -> SweepReport:
    """Run every reminder kind at `now`, write what is due to the ledger, queue the digests.

    Outside the sending window (REMINDER_WORKING_DAYS, REMINDER_QUIET_HOURS) it does nothing:
    collectors compute from the database, so the first sweep inside the window catches up.
    Safe to run twice at once: ledger keys are unique, and each send claims its rows.
    """
    now = now or timezone.now()
    if not sending_window_open(now, WorkingCalendar.company()):
        return SweepReport(skipped=True)
    report = SweepReport(offered=reminders_collect(now=now))
    report.recipients_queued, report.broker_down = reminders_queue_due(now=now)
    logger.info("Reminder sweep at %s: %s", now.isoformat(), report)
    return report


def _batches(items: Iterable[DueItem], size: int) -> Iterator[list[DueItem]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@dataclass
class _Escalation:
    manager_user_id: int | None
    employee_name: str


@dataclass
class _SweepLookups:
    """What one sweep has already read: managers, accounts and opt-outs, HR's members."""

    escalations: dict[int, _Escalation] = field(default_factory=dict)
    # user id -> kinds they opted out of; None for a user who cannot receive mail.
    muted: dict[int, frozenset[str] | None] = field(default_factory=dict)
    hr_user_ids: list[int] | None = None
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar.company)

    def load_escalations(self, employee_ids: set[int]) -> None:
        missing = employee_ids - self.escalations.keys()
        if not missing:
            return
        rows = Employee.objects.filter(id__in=missing).values_list(
            "id", "manager__user_id", "user__first_name", "user__last_name", "user__email"
        )
        for employee_id, manager_user_id, first, last, email in rows:
            name = f"{first} {last}".strip() or email
            self.escalations[employee_id] = _Escalation(manager_user_id, name)

    def load_recipients(self, user_ids: set[int]) -> None:
        missing = user_ids - self.muted.keys()
        if not missing:
            return
        self.muted.update(dict.fromkeys(missing))
        rows = User.objects.filter(id__in=missing, is_active=True).exclude(email="")
        for user_id, muted in rows.values_list("id", "reminder_preference__muted_kinds"):
            self.muted[user_id] = frozenset(muted or ())

    def hr(self) -> list[int]:
        if self.hr_user_ids is None:
            self.hr_user_ids = list(
                User.objects.filter(groups__name=Role.HR, is_active=True)
                .values_list("id", flat=True)
                .distinct()
            )
        return self.hr_user_ids


def reminders_collect(*, now: datetime.datetime) -> int:
    """Insert a pending ledger row for every due item, and its escalated copies.

    An item overdue by REMINDER_ESCALATE_MANAGER_DAYS is copied to the employee's manager, by
    REMINDER_ESCALATE_HR_DAYS to every member of HR, once per (item, due date). Inactive users
    and kinds a recipient opted out of (unless the kind is required) get no row. Returns the
    number of rows offered; keys already in the ledger are left as they are.
    """
    lookups = _SweepLookups()
    today = local(now).date()
    offered = 0
    with LedgerStage() as stage:
        for kind in reminder_kinds():
            try:
                for batch in _batches(kind.collect(now), settings.REMINDER_BATCH_SIZE):
                    rows = _ledger_rows(kind, batch, today, lookups)
                    stage.add(rows)
                    offered += len(rows)
            except Exception:
                # One app's broken collector must not stop everyone else's reminders; what it
                # yielded before it broke still goes out.
                logger.exception("Reminder kind %s failed; the other kinds go on", kind.key)
            try:
                stage.move()
            except DatabaseError:
                logger.exception(
                    "Reminder kind %s could not be written; the others go on", kind.key
                )
    return offered


def _ledger_rows(
    kind: ReminderKind, items: list[DueItem], today: datetime.date, lookups: _SweepLookups
) -> list[StagedRow]:
    manager_days = settings.REMINDER_ESCALATE_MANAGER_DAYS
    hr_days = settings.REMINDER_ESCALATE_HR_DAYS
    lookups.load_escalations({item.employee_id for item in items if item.employee_id})
    candidates: list[StagedRow] = []
    for item in items:
        if not _fits(item):
            logger.error("Reminder %s of kind %s breaks the DueItem limits", item.subject, kind.key)
            continue
        escalation = lookups.escalations.get(item.employee_id) if item.employee_id else None
        due = item.due.isoformat() if item.due else None
        candidates.append(_owned(item, due))
        overdue = working_days_overdue(item.due, today, lookups.calendar)
        if escalation is None or overdue < manager_days:
            continue
        copied_to = {item.recipient_id}
        manager_id = escalation.manager_user_id
        if manager_id and manager_id not in copied_to:
            candidates.append(_escalated(item, due, manager_id, Audience.MANAGER, escalation))
            copied_to.add(manager_id)
        if overdue >= hr_days:
            candidates.extend(
                _escalated(item, due, hr_id, Audience.HR, escalation)
                for hr_id in lookups.hr()
                if hr_id not in copied_to
            )
    lookups.load_recipients({row.recipient_id for row in candidates})
    return [
        row
        for row in candidates
        if (muted := lookups.muted.get(row.recipient_id)) is not None
        and (kind.required or row.kind not in muted)
    ]


def _fits(item: DueItem) -> bool:
    """Within the ledger's column sizes (titles are cut): one bad item must not sink its kind."""
    return all(
        len(getattr(item, name)) <= ReminderLedger._meta.get_field(name).max_length
        for name in ("kind", "subject", "period", "path")
    )


def _owned(item: DueItem, due: str | None) -> StagedRow:
    # No employee: only escalated copies say whose work is late.
    return StagedRow(
        recipient_id=item.recipient_id,
        kind=item.kind,
        subject=item.subject,
        period=item.period,
        audience=Audience.OWNER,
        title=item.title[:300],
        path=item.path,
        due=due,
        employee_id=None,
    )


def _escalated(
    item: DueItem, due: str, recipient_id: int, audience: str, escalation: _Escalation
) -> StagedRow:
    # One escalated copy per level and due date, however often the owner is reminded.
    return StagedRow(
        recipient_id=recipient_id,
        kind=item.kind,
        subject=item.subject,
        period=f"escalated-{audience}:{due}",
        audience=audience,
        title=f"{escalation.employee_name}: {item.title}"[:300],
        path=item.path,
        due=due,
        employee_id=item.employee_id,
    )


def reminders_queue_due(*, now: datetime.datetime) -> tuple[int, bool]:
    """Queue one digest send per recipient whose pending reminders should go out now.

    Picks recipients with pending rows ready to send, unless a digest was queued for them less
    than REMINDER_REQUEUE_AFTER_MINUTES ago and has not run yet (it takes every pending row of
    theirs when it runs); after that the digest is queued again (a lost message, a dead
    worker, Redis down): the ledger decides, so a send queued twice still delivers once.
    Daily-digest users are queued from REMINDER_DIGEST_HOUR on, once a day. Returns
    (recipients queued, whether the broker was found down).
    """
    stale_before = now - datetime.timedelta(minutes=settings.REMINDER_REQUEUE_AFTER_MINUTES)
    ready = ReminderLedger.objects.ready_to_send(now).order_by()
    queued_recently = ReminderLedger.objects.pending().filter(queued_at__gte=stale_before)
    recipient_ids = list(
        ready.exclude(recipient_id__in=queued_recently.values("recipient_id"))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    queued = 0
    broker = {"down": False}
    for start in range(0, len(recipient_ids), settings.REMINDER_BATCH_SIZE):
        chunk = _due_now(recipient_ids[start : start + settings.REMINDER_BATCH_SIZE], now)
        if not chunk:
            continue
        # The mark is one row per recipient, which their digest then sends: marking every
        # row would rewrite each of them once more before the digest rewrites it as sent.
        first_rows = (
            ready.filter(recipient_id__in=chunk).values("recipient_id").annotate(first=Min("id"))
        )
        with transaction.atomic():
            ReminderLedger.objects.filter(id__in=first_rows.values("first")).update(queued_at=now)
            transaction.on_commit(partial(_queue_sends, chunk, broker))
        if broker["down"]:
            break
        queued += len(chunk)
    return queued, broker["down"]


def _due_now(recipient_ids: list[int], now: datetime.datetime) -> list[int]:
    held = reminder_recipients_held(recipient_ids, now)
    return [recipient_id for recipient_id in recipient_ids if recipient_id not in held]


def _queue_sends(recipient_ids: list[int], broker: dict) -> None:
    from backoffice.notifications.tasks import reminder_digest_send_task

    for position, recipient_id in enumerate(recipient_ids):
        if not enqueue(reminder_digest_send_task, recipient_id):
            # Redis is down: let the next sweep queue these at once, and stop trying now.
            broker["down"] = True
            ReminderLedger.objects.pending().filter(
                recipient_id__in=recipient_ids[position:], queued_at__isnull=False
            ).update(queued_at=None)
            return
