"""Benchmark the measurements CSV import: a 10,000-row file through the real page, as HR.

    python bench/imports.py [--rows 10000] [--people 1000] [--families 4] [--metrics 3]
                            [--bad 0.02] [--existing 0.25] [--mode good_rows] [--debug]

Creates `--people` employees in teams of 20 over `--families` role families of `--metrics`
metrics each, plus an HR user, and writes a CSV of `--rows` monthly values over them: a share
`--bad` of the rows is bad in the ways people get it wrong (unknown email, a metric of another
role, a date or a number that does not parse, a value out of range), and a share `--existing`
of the rows corrects a value already stored. The file is then imported twice from the same
state: once by calling the service alone (rolled back), once end to end by POSTing it to the
import page with Django's test client as the HR user (form, service, report page). Prints rows,
seconds and SQL queries for both, and the time against the 10 s budget. Production settings
(DEBUG off) unless `--debug`. Runs against DATABASE_URL; everything it created is deleted
afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import logging
import os
import random
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
from bench.environment import use_benchmark_settings  # noqa: E402

if __name__ == "__main__":  # imported by tests/bench/test_import_queries.py: leave their settings
    use_benchmark_settings(sys.argv)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from backoffice.people.models import Employee, RoleFamily, User  # noqa: E402
from backoffice.people.roles import Role  # noqa: E402
from performance.models import Measurement, Metric  # noqa: E402
from performance.services.metrics import (  # noqa: E402
    ImportMode,
    ImportReport,
    measurements_import,
)

EMAIL_DOMAIN = "bench-imports.invalid"
FAMILY_PREFIX = "Bench import family"
BUDGET_SECONDS = 10.0
TEAM_SIZE = 20
STORED_VALUE = Decimal(1)  # what the corrected rows held; the CSV's values are 70 to 130


class Rollback(Exception):
    """Raised to undo the service-only run, so the page import starts from the same state."""


def people_and_metrics(
    people: int, families: int, metrics: int
) -> tuple[User, list[tuple[str, Metric]]]:
    """The HR user, and every (email, metric) pair a row may name: people in teams of 20."""
    family_rows = RoleFamily.objects.bulk_create(
        RoleFamily(name=f"{FAMILY_PREFIX} {n}", slug=f"bench-import-family-{n}")
        for n in range(families)
    )
    metric_rows = Metric.objects.bulk_create(
        Metric(role_family=family, name=f"Bench metric {m}", unit="items", target=Decimal(100))
        for family in family_rows
        for m in range(metrics)
    )
    managers = -(-people // TEAM_SIZE)
    users = User.objects.bulk_create(
        [User(email=f"hr@{EMAIL_DOMAIN}", first_name="Bench", last_name="HR")]
        + [User(email=f"boss{n}@{EMAIL_DOMAIN}", first_name="Boss") for n in range(managers)]
        + [
            User(email=f"person{n}@{EMAIL_DOMAIN}", first_name="Bench", last_name=f"Person {n}")
            for n in range(people)
        ]
    )
    hr = users[0]
    hr.groups.add(Group.objects.get_or_create(name=Role.HR)[0])
    today = datetime.date.today()
    bosses = Employee.objects.bulk_create(
        Employee(user=user, job_title="Manager", start_date=today)
        for user in users[1 : managers + 1]
    )
    employees = Employee.objects.bulk_create(
        Employee(
            user=user,
            manager=bosses[n // TEAM_SIZE],
            role_family=family_rows[n % families],
            job_title="Clerk",
            start_date=today,
            status=Employee.Status.ACTIVE,
        )
        for n, user in enumerate(users[managers + 1 :])
    )
    by_family: dict[int, list[Metric]] = {}
    for metric in metric_rows:
        by_family.setdefault(metric.role_family_id, []).append(metric)
    pairs = [
        (employee.user.email, metric)
        for employee in employees
        for metric in by_family[employee.role_family_id]
    ]
    return hr, pairs


def _month_starts(count: int) -> list[datetime.date]:
    """The first days of the last `count` months, oldest first."""
    first = datetime.date.today().replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


# The ways people get a row wrong, each caught by a different check of the import.
BAD_ROWS = [
    lambda email, metric, month: f"nobody-{email},{metric.name},{month},1",
    lambda email, metric, month: f"{email},Not a metric of theirs,{month},1",
    lambda email, metric, month: f"{email},{metric.name},{month:%d/%m/%Y},1",
    lambda email, metric, month: f"{email},{metric.name},{month},about ten",
    lambda email, metric, month: f"{email},{metric.name},{month},1e12",
]


def measurements_csv(
    rows: int, pairs: list[tuple[str, Metric]], *, bad: float, existing: float, seed: int = 8
) -> tuple[str, list[tuple[str, Metric, datetime.date]]]:
    """The CSV text, a month of every pair after another, and the periods that its first
    good rows correct (to store beforehand with `measurements_store`)."""
    rng = random.Random(seed)
    months = _month_starts(-(-rows // len(pairs)))
    existing_rows = int(rows * existing)
    lines, corrected = ["email,metric,period_start,value"], []
    for n in range(rows):
        email, metric = pairs[n % len(pairs)]
        month = months[n // len(pairs)]
        if rng.random() < bad:
            lines.append(rng.choice(BAD_ROWS)(email, metric, month))
            continue
        value = Decimal(rng.randint(7000, 13000)) / 100
        lines.append(f"{email.upper() if n % 7 == 0 else email},{metric.name},{month},{value}")
        if n < existing_rows:
            corrected.append((email, metric, month))
    return "\n".join(lines) + "\n", corrected


def measurements_store(periods: list[tuple[str, Metric, datetime.date]], by: User) -> int:
    """Store STORED_VALUE for each (email, metric, month): the values the import corrects."""
    employees = dict(
        Employee.objects.filter(user__email__endswith=EMAIL_DOMAIN).values_list("user__email", "pk")
    )
    Measurement.objects.bulk_create(
        Measurement(
            metric=metric,
            employee_id=employees[email],
            period_start=month,
            value=STORED_VALUE,
            entered_by=by,
        )
        for email, metric, month in periods
    )
    return len(periods)


@contextlib.contextmanager
def counting_queries():
    """Count every statement sent (the debug query log keeps only the last 9,000)."""
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def import_service_only(text: str, hr: User, mode: str) -> tuple[float, int, ImportReport]:
    """Seconds and queries of the service alone; its writes are rolled back."""
    with counting_queries() as counter, contextlib.suppress(Rollback), transaction.atomic():
        started = time.perf_counter()
        report = measurements_import(text=text, by=hr, mode=mode)
        seconds = time.perf_counter() - started
        raise Rollback
    return seconds, counter["queries"], report


def import_through_page(client: Client, text: str, mode: str) -> tuple[float, int, HttpResponse]:
    """Seconds and queries of POSTing the file to the import page, end to end."""
    upload = SimpleUploadedFile("measurements.csv", text.encode(), content_type="text/csv")
    started = time.perf_counter()
    with counting_queries() as counter:
        response = client.post(
            reverse("performance:measurement_import"), {"file": upload, "mode": mode}
        )
    return time.perf_counter() - started, counter["queries"], response


def cleanup() -> None:
    # Measurements first (they protect who entered them); employees go with their users.
    Measurement.objects.filter(employee__user__email__endswith=EMAIL_DOMAIN).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    RoleFamily.objects.filter(name__startswith=FAMILY_PREFIX).delete()


def _print(args, text: str, corrected: int, results: list[tuple], after: tuple[int, int]) -> None:
    report = results[0][3]
    print(
        f"{report.rows:,} rows ({len(text.encode()) / 1024:,.0f} KiB) over {args.people:,} "
        f"people, {args.families} role families x {args.metrics} metrics, mode {args.mode}, "
        f"{connection.vendor}, DEBUG {'on' if args.debug else 'off'}"
    )
    print(
        f"report: {report.imported:,} imported, {len(report.errors):,} bad rows; "
        f"{corrected:,} good rows correct a stored value. After the page import: "
        f"{after[0]:,} measurements stored, {after[1]:,} corrections missed"
    )
    print(f"{'step':<40} {'rows':>8} {'seconds':>8} {'queries':>8}")
    for label, seconds, queries, _ in results:
        print(f"{label:<40} {report.rows:>8,} {seconds:>8.2f} {queries:>8}")
    seconds = results[-1][1]
    verdict = "pass" if seconds < BUDGET_SECONDS else "OVER"
    print(
        f"budget {BUDGET_SECONDS:.0f} s end to end: {verdict} ({seconds:.2f} s); "
        f"report page {len(results[-1][3].content) / 1024:,.0f} KiB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--families", type=int, default=4)
    parser.add_argument("--metrics", type=int, default=3, help="per role family")
    parser.add_argument("--bad", type=float, default=0.02, help="share of bad rows")
    parser.add_argument("--existing", type=float, default=0.25, help="share already stored")
    parser.add_argument(
        "--mode",
        choices=[ImportMode.GOOD_ROWS, ImportMode.ALL_OR_NOTHING],
        default=ImportMode.GOOD_ROWS,
    )
    parser.add_argument("--debug", action="store_true", help="with DJANGO_DEBUG=1 settings")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("axes").setLevel(logging.WARNING)  # one line per sign-in otherwise
    warnings.filterwarnings("ignore", message="No directory at")  # collectstatic not run

    cleanup()  # a crashed earlier run
    try:
        hr, pairs = people_and_metrics(args.people, args.families, args.metrics)
        text, periods = measurements_csv(args.rows, pairs, bad=args.bad, existing=args.existing)
        corrected = measurements_store(periods, hr)
        client = Client()
        client.force_login(hr)
        results = [
            ("service only (rolled back)", *import_service_only(text, hr, args.mode)),
            ("page: POST as HR, end to end", *import_through_page(client, text, args.mode)),
        ]
        if results[-1][3].status_code != 200:
            raise SystemExit(f"the import page answered {results[-1][3].status_code}")
        stored = Measurement.objects.filter(employee__user__email__endswith=EMAIL_DOMAIN)
        after = (stored.count(), stored.filter(value=STORED_VALUE).count())
    finally:
        cleanup()
    _print(args, text, corrected, results, after)
    return 0


if __name__ == "__main__":
    sys.exit(main())
