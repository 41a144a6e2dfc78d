"""Reads for the reminder pages, the admin and the sweep."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from backoffice.notifications.models import (
    OutboxEvent,
    OutboxMessage,
    ReminderLedger,
    ReminderPreference,
)
from backoffice.notifications.reminders import ReminderKind, reminder_kinds
from backoffice.notifications.schedule import daily_digest_hour_reached, start_of_local_day
from backoffice.people.models import User


def reminder_recipients_held(recipient_ids, now: datetime.datetime) -> set[int]:
    """Those among `recipient_ids` whose daily digest is not due at `now`.

    A daily-digest user gets one email a day, from REMINDER_DIGEST_HOUR on: before that hour
    their reminders wait; once today's digest went out, what came due since waits for tomorrow.
    Everyone else (immediate delivery, the default) is never held.
    """
    daily = set(
        ReminderPreference.objects.filter(
            user_id__in=recipient_ids, delivery=ReminderPreference.Delivery.DAILY
        ).values_list("user_id", flat=True)
    )
    return reminder_daily_recipients_held(daily, now)


def reminder_daily_recipients_held(daily_ids: set[int], now: datetime.datetime) -> set[int]:
    """Those among daily-digest users `daily_ids` whose digest is not due at `now`."""
    if not daily_ids or not daily_digest_hour_reached(now):
        return set(daily_ids)
    return set(
        ReminderLedger.objects.filter(
            recipient_id__in=daily_ids,
            status=ReminderLedger.Status.SENT,
            sent_at__gte=start_of_local_day(now),
        ).values_list("recipient_id", flat=True)
    )


@dataclass(frozen=True)
class DigestRecipient:
    """Who a digest goes to, read in one query before their rows are claimed."""

    id: int
    email: str
    name: str
    active: bool
    daily: bool  # wants one digest a day

    @property
    def reachable(self) -> bool:
        return self.active and bool(self.email)


def digest_recipient(recipient_id: int) -> DigestRecipient | None:
    row = (
        User.objects.filter(pk=recipient_id)
        .order_by()
        .values_list("is_active", "email", "first_name", "reminder_preference__delivery")
        .first()
    )
    if row is None:
        return None
    active, email, first_name, delivery = row
    daily = delivery == ReminderPreference.Delivery.DAILY
    return DigestRecipient(recipient_id, email, first_name or email, active, daily)


@dataclass(frozen=True)
class ReminderCalendar:
    """The company's sending rules, in words for the settings page."""

    working_days: str
    quiet_hours: str
    digest_hour: str


def reminder_calendar() -> ReminderCalendar:
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    days = sorted(settings.REMINDER_WORKING_DAYS)
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        working_days = f"{names[days[0] - 1]}\u2013{names[days[-1] - 1]}"
    else:
        working_days = ", ".join(names[day - 1] for day in days)
    span = settings.REMINDER_QUIET_HOURS
    quiet = f"{span[0]:02d}:00\u2013{span[1] % 24:02d}:00" if span else ""
    return ReminderCalendar(working_days, quiet, f"{settings.REMINDER_DIGEST_HOUR:02d}:00")


def reminder_preference_for(user) -> ReminderPreference:
    """The user's preferences, or the unsaved defaults when they never changed them."""
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


@dataclass(frozen=True)
class KindChoice:
    kind: ReminderKind
    wanted: bool


def reminder_kind_choices(preference: ReminderPreference) -> list[KindChoice]:
    muted = set(preference.muted_kinds or ())
    return [
        KindChoice(kind=kind, wanted=kind.required or kind.key not in muted)
        for kind in reminder_kinds()
    ]


def reminders_recent_for(user, *, limit: int = 10) -> list[ReminderLedger]:
    return list(ReminderLedger.objects.visible_to(user).filter(recipient=user)[:limit])


def reminders_listed_for(user, *, kind: str = "", audience: str = "") -> QuerySet[ReminderLedger]:
    """The user's own reminders, newest first, the most overdue first within one sweep.

    Where a digest's "and N more" leads: `kind` and `audience` narrow it to one of its groups.
    """
    reminders = ReminderLedger.objects.visible_to(user).filter(recipient=user)
    if kind:
        reminders = reminders.filter(kind=kind)
    if audience:
        reminders = reminders.filter(audience=audience)
    return reminders.order_by("-created_at", F("due").asc(nulls_last=True), "id")


def outbox_oldest_pending_seconds() -> int | None:
    """Seconds the longest-waiting pending email has waited since it was due to go out (since
    it was written, or since its retry time); 0 when every pending one waits for a retry, None
    when none is pending. A relay that works keeps this near 0; a stuck one makes it grow.
    """
    oldest = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).aggregate(
        oldest=Min("next_attempt_at")
    )["oldest"]
    if oldest is None:
        return None
    return max(int((timezone.now() - oldest).total_seconds()), 0)


def outbox_counts() -> dict[str, int]:
    """Pending and failed emails and events, for HR's outbox pages."""
    counts = {}
    for model, prefix in ((OutboxMessage, "emails"), (OutboxEvent, "events")):
        row = model.objects.aggregate(
            pending=Count("id", filter=Q(status="pending")),
            failed=Count("id", filter=Q(status="failed")),
        )
        counts[f"{prefix}_pending"] = row["pending"]
        counts[f"{prefix}_failed"] = row["failed"]
    return counts
