"""The contract between the reminder engine and the apps whose work needs reminding.

Each domain app declares what is due in `<app>/reminders.py`, imported from its
AppConfig.ready():

    @reminder_kind(key="onboarding.item_due", label="Onboarding tasks due", required=True)
    def onboarding_items_due(now: datetime.datetime) -> Iterable[DueItem]:
        ...

A collector computes from the database, at `now`, every item due for a reminder. It must be
cheap when nothing is due and must not send anything: the engine (the sweep) decides what goes
out, once per (recipient, kind, subject, period) — the ledger key — and groups it into digests.
Collectors yield lazily and read in bounded batches (`.iterator(chunk_size=...)`) so a sweep over
100,000 rows keeps memory and queries per batch bounded; they read rows with what the item
needs in the same query (no query per item), and link with `path_for_pk` (no reverse() per item).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class DueItem:
    recipient_id: int  # the User to remind
    kind: str  # the ReminderKind key (at most 100 characters)
    subject: str  # a stable id of the thing, e.g. "onboarding.planitem:42" (at most 200)
    # Same (recipient, kind, subject, period) = same reminder, sent once (at most 100
    # characters): "once" reminds once per subject; the ISO date of a sweep, once a day.
    period: str
    title: str  # one line in the digest, plain text (cut at 300 characters)
    path: str  # a link on this site, starting with "/"; the engine prefixes SITE_URL
    due: datetime.date | None = None
    # The employee whose work is late (for escalation to their manager, then HR); None when the
    # recipient is not acting on their own work or escalation makes no sense.
    employee_id: int | None = None


Collector = Callable[[datetime.datetime], Iterable[DueItem]]


@dataclass(frozen=True)
class ReminderKind:
    key: str
    label: str  # shown on the user's preferences page
    required: bool  # required kinds cannot be opted out of
    collect: Collector


_kinds: dict[str, ReminderKind] = {}


def reminder_kind(*, key: str, label: str, required: bool = False):
    def register(collect: Collector) -> Collector:
        _kinds[key] = ReminderKind(key=key, label=label, required=required, collect=collect)
        return collect

    return register


def reminder_kinds() -> list[ReminderKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.key)


def reminder_kind_get(key: str) -> ReminderKind:
    return _kinds[key]


# Stands for the pk in a reversed URL; no other part of a URL of this site contains it.
_PK_MARK = 987_654_321_123


def path_for_pk(viewname: str) -> Callable[[int], str]:
    """pk -> reverse(viewname, args=[pk]), for a URL whose one argument is an integer pk.

    One reverse() per collector run instead of one per item: at about 17 µs each, linking
    100,000 items would cost a sweep nearly two seconds.
    """
    before, mark, after = reverse(viewname, args=[_PK_MARK]).partition(str(_PK_MARK))
    if not mark or str(_PK_MARK) in after:
        raise ValueError(f"{viewname} does not take one integer argument")
    return lambda pk: f"{before}{int(pk)}{after}"
