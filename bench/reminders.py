"""Benchmark the reminder sweep: time and SQL queries with N synthetic due items.

    python bench/reminders.py [--onboarding 100000] [--reviews 20000] [--people 500]

Registers two synthetic kinds ("bench.onboarding", "bench.reviews") whose collectors yield
that many items over `--people` employees (a third of the items overdue enough to escalate
to the manager, some to HR), then runs the sweep twice in-process: the first writes the
ledger and sends one digest per person (to Django's in-memory mail outbox), the second finds
everything already in the ledger. Runs against DATABASE_URL; the bench people and their
ledger rows are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.celery import app  # noqa: E402
from backoffice.notifications.models import ReminderLedger  # noqa: E402
from backoffice.notifications.reminders import DueItem, reminder_kind  # noqa: E402
from backoffice.notifications.services import reminders_sweep  # noqa: E402
from backoffice.people.models import Employee, User  # noqa: E402

EMAIL_DOMAIN = "bench-reminders.invalid"


def _people(count: int) -> list[Employee]:
    manager_user, _ = User.objects.get_or_create(
        email=f"manager@{EMAIL_DOMAIN}", defaults={"first_name": "Bench", "last_name": "Boss"}
    )
    manager, _ = Employee.objects.get_or_create(
        user=manager_user, defaults={"job_title": "Manager", "start_date": datetime.date.today()}
    )
    users = User.objects.bulk_create(
        [User(email=f"person{n}@{EMAIL_DOMAIN}", first_name="Bench") for n in range(count)],
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(email__startswith="person", email__endswith=EMAIL_DOMAIN))
    Employee.objects.bulk_create(
        [
            Employee(user=user, manager=manager, job_title="Clerk", start_date=manager.start_date)
            for user in users
        ],
        ignore_conflicts=True,
    )
    del users
    return list(Employee.objects.filter(manager=manager).only("id", "user_id"))


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


def _timed_sweep(label: str) -> dict:
    reset_queries()
    started = time.perf_counter()
    report = reminders_sweep()
    seconds = time.perf_counter() - started
    return {
        "run": label,
        "seconds": round(seconds, 2),
        "queries": len(connection.queries),
        "rows_offered": report.offered,
        "digests": report.recipients_queued,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onboarding", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=500)
    args = parser.parse_args()

    # In-process and always open: the bench measures the sweep, not the calendar or Redis.
    app.conf.task_always_eager = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None
    settings.DEBUG = True  # count queries
    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("backoffice").setLevel(logging.WARNING)

    people = _people(args.people)
    _register("bench.onboarding", args.onboarding, people)
    _register("bench.reviews", args.reviews, people)
    try:
        results = [_timed_sweep("first sweep"), _timed_sweep("second sweep (nothing new)")]
        rows = ReminderLedger.objects.filter(kind__startswith="bench.").count()
    finally:
        ReminderLedger.objects.filter(kind__startswith="bench.").delete()
        User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()

    items = args.onboarding + args.reviews
    print(f"{items:,} due items over {args.people} people, batch {settings.REMINDER_BATCH_SIZE}")
    print(f"ledger rows written: {rows:,} (with escalated copies)")
    print(f"{'run':<28} {'seconds':>8} {'queries':>8} {'rows offered':>13} {'digests':>8}")
    for result in results:
        print(
            f"{result['run']:<28} {result['seconds']:>8} {result['queries']:>8} "
            f"{result['rows_offered']:>13,} {result['digests']:>8}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
