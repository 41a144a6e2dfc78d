"""Benchmark the reminder sweep: time and SQL queries with N synthetic due items.

    python bench/reminders.py [--onboarding 100000] [--reviews 20000] [--people 500]

Registers two synthetic kinds ("bench.onboarding", "bench.reviews") whose collectors yield
that many items over `--people` employees in `--managers` teams (items 0 to 9 days overdue, so
most are copied to the manager and some to HR), then runs the sweep's two steps twice,
in-process: the first writes the ledger and sends one digest per person (to Django's
in-memory mail outbox), the second finds everything already in the ledger. Runs against
DATABASE_URL; the bench people and their ledger rows are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.celery import app  # noqa: E402
from backoffice.notifications.models import ReminderLedger  # noqa: E402
from backoffice.notifications.reminders import DueItem, reminder_kind  # noqa: E402
from backoffice.notifications.services import (  # noqa: E402
    reminders_collect,
    reminders_queue_due,
)
from backoffice.people.models import Employee, User  # noqa: E402
from backoffice.people.roles import Role  # noqa: E402

EMAIL_DOMAIN = "bench-reminders.invalid"


def _people(count: int, managers: int) -> list[Employee]:
    """`count` employees in teams of count/managers, each team with its own manager."""
    users = User.objects.bulk_create(
        [User(email=f"boss{n}@{EMAIL_DOMAIN}", first_name="Boss") for n in range(managers)]
        + [User(email=f"person{n}@{EMAIL_DOMAIN}", first_name="Bench") for n in range(count)],
    )
    today = datetime.date.today()
    bosses = Employee.objects.bulk_create(
        [Employee(user=user, job_title="Manager", start_date=today) for user in users[:managers]]
    )
    return Employee.objects.bulk_create(
        [
            Employee(user=user, manager=bosses[n % managers], job_title="Clerk", start_date=today)
            for n, user in enumerate(users[managers:])
        ]
    )


def _register(key: str, count: int, people: list[Employee]) -> None:
    @reminder_kind(key=key, label=key, required=True)
    def collect(now):
        today = timezone.localdate(now)
        for n in range(count):
            person = people[n % len(people)]
            yield DueItem(
                recipient_id=person.user_id,
                kind=key,
                subject=f"{key}:{n}",
                period="once",
                title=f"Synthetic item {n}",
                path=f"/bench/{n}/",
                due=today - datetime.timedelta(days=n % 10),
                employee_id=person.id,
            )


@dataclass
class Step:
    label: str
    seconds: float
    queries: int
    rows: int  # ledger rows written (collect) or marked sent (queue and send)
    digests: int = 0


def _bench_rows(**filters) -> int:
    return ReminderLedger.objects.filter(kind__startswith="bench.", **filters).count()


def _sweep(label: str) -> list[Step]:
    """The sweep's two steps, timed apart: write the ledger, then queue (here: send) digests."""
    steps = []
    now = timezone.now()
    for name, run, counted in (
        ("collect", lambda: reminders_collect(now=now), lambda: _bench_rows()),
        (
            "queue and send",
            lambda: reminders_queue_due(now=now),
            lambda: _bench_rows(status="sent"),
        ),
    ):
        rows_before, outbox_before = counted(), len(mail.outbox)
        reset_queries()
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
        queries = len(connection.queries)
        steps.append(
            Step(
                f"{label}: {name}",
                seconds,
                queries,
                counted() - rows_before,
                len(mail.outbox) - outbox_before,
            )
        )
    return steps


def _hr(count: int) -> None:
    group, _ = Group.objects.get_or_create(name=Role.HR)
    for n in range(count):
        group.user_set.add(User.objects.create(email=f"hr{n}@{EMAIL_DOMAIN}", first_name="HR"))


def _print(args, steps: list[Step], total_rows: int) -> None:
    items = args.onboarding + args.reviews
    print(
        f"{items:,} due items over {args.people} people in {args.managers} teams, {args.hr} in "
        f"HR, batch {settings.REMINDER_BATCH_SIZE}, {connection.vendor}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end"
    )
    print(f"ledger rows: {total_rows:,} (with escalated copies to managers and HR)")
    print(f"{'step':<42} {'seconds':>8} {'queries':>8} {'rows':>9} {'digests':>8}")
    for step in steps:
        print(
            f"{step.label:<42} {step.seconds:>8.2f} {step.queries:>8,} {step.rows:>9,} "
            f"{step.digests:>8,}"
        )
    for sweep in ("first sweep", "second sweep"):
        seconds = sum(step.seconds for step in steps if step.label.startswith(sweep))
        verdict = "within" if seconds < args.budget else "OVER"
        print(f"{sweep}, all steps: {seconds:.2f} s, {verdict} the {args.budget:g} s budget")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onboarding", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--managers", type=int, default=25)
    parser.add_argument("--hr", type=int, default=1, help="members of HR the bench adds")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds for one sweep")
    args = parser.parse_args()

    # In-process and always open: the bench measures the sweep, not the calendar or Redis.
    app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None
    settings.DEBUG = True  # count queries
    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("backoffice").setLevel(logging.WARNING)
    mail.outbox = []

    _clean()  # a crashed earlier run
    _vacuum()
    people = _people(args.people, args.managers)
    _hr(args.hr)
    _register("bench.onboarding", args.onboarding, people)
    _register("bench.reviews", args.reviews, people)
    try:
        steps = _sweep("first sweep") + _sweep("second sweep (nothing new)")
        total_rows = _bench_rows()
    finally:
        _clean()
    _print(args, steps, total_rows)
    return 0


def _vacuum() -> None:
    """Clear the dead rows an earlier run left: each run measures a ledger of the same size."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {ReminderLedger._meta.db_table}")


def _clean() -> None:
    ReminderLedger.objects.filter(kind__startswith="bench.").delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


if __name__ == "__main__":
    sys.exit(main())
