"""Benchmark the candidate CSV import: a 10,000-row file through the real page, as HR.

    python bench/candidate_imports.py [--rows 10000] [--jobs 12] [--bad 0.02]
                                      [--existing 0.02] [--debug]

Creates `--jobs` open requisitions and an HR user, and writes a CSV of `--rows` candidates over
them, at every importable stage, with tags: a share `--bad` of the rows is wrong the ways people
get it wrong (a hired stage, an unknown job, a bad email, a name over two lines), and a share
`--existing` names someone who is already a candidate (a duplicate, reported). The file is
imported twice from the same state: by the service alone (rolled back), then end to end by
POSTing it to the import page as HR. Prints seconds and SQL queries for both against the
10 s budget. Production settings (DEBUG off) unless `--debug`. Runs against DATABASE_URL;
everything it created is deleted afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import random
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
from bench.environment import use_benchmark_settings  # noqa: E402

if __name__ == "__main__":  # imported by tests: leave their settings
    use_benchmark_settings(sys.argv)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice.people.models import Department, RoleFamily, User  # noqa: E402
from backoffice.people.roles import Role  # noqa: E402
from bench.imports import BUDGET_SECONDS, Rollback, counting_queries  # noqa: E402
from recruiting.models import Candidate, Requisition, Tag  # noqa: E402
from recruiting.services.imports import ImportMode, candidates_import  # noqa: E402

EMAIL_DOMAIN = "bench-candidate-imports.invalid"
PREFIX = "Bench candidate import"
STAGES = ["", "applied", "screening", "assessment", "interview", "offer"]
BAD_ROWS = [
    lambda n, job: f"Bench Person {n},p{n}@{EMAIL_DOMAIN},,Fair,{job.pk},hired,",
    lambda n, job: f"Bench Person {n},p{n}@{EMAIL_DOMAIN},,Fair,No such job {n},,",
    lambda n, job: f"Bench Person {n},not an email {n},,Fair,{job.pk},,",
    lambda n, job: f'"Bench\nPerson {n}",p{n}@{EMAIL_DOMAIN},,Fair,{job.pk},,',
]


def jobs_and_hr(count: int) -> tuple[User, list[Requisition]]:
    hr = User.objects.create(email=f"hr@{EMAIL_DOMAIN}", first_name="Bench", last_name="HR")
    hr.groups.add(Group.objects.get_or_create(name=Role.HR)[0])
    department = Department.objects.create(name=f"{PREFIX} department")
    family = RoleFamily.objects.create(name=f"{PREFIX} family", slug="bench-candidate-import")
    jobs = Requisition.objects.bulk_create(
        Requisition(
            title=f"{PREFIX} job {n}",
            department=department,
            role_family=family,
            hiring_manager=hr,
            location="Utrecht",
            description="Bench",
            status=Requisition.Status.OPEN,
            opened_at=timezone.now(),
        )
        for n in range(count)
    )
    return hr, jobs


def candidates_csv(rows: int, jobs: list[Requisition], *, bad: float, existing: float) -> str:
    rng = random.Random(23)
    lines = ["name,email,phone,source,requisition,stage,tags"]
    for n in range(rows):
        job = jobs[n % len(jobs)]
        draw = rng.random()
        if draw < bad:
            lines.append(rng.choice(BAD_ROWS)(n, job))
        elif draw < bad + existing:
            lines.append(f"Someone Else,existing{n % 50}@{EMAIL_DOMAIN},,Fair,{job.title},,")
        else:
            lines.append(
                f"Bench Person {n},P{n}@{EMAIL_DOMAIN},+31 6 {n:08d},Job fair,"
                f"{job.pk if n % 2 else job.title},{STAGES[n % len(STAGES)]},"
                f"bench-{n % 7};bench-all"
            )
    return "\n".join(lines) + "\n"


def import_service_only(text: str, hr: User) -> tuple[float, int, object]:
    with counting_queries() as counter, contextlib.suppress(Rollback), transaction.atomic():
        started = time.perf_counter()
        report = candidates_import(text=text, by=hr, mode=ImportMode.GOOD_ROWS)
        seconds = time.perf_counter() - started
        raise Rollback
    return seconds, counter["queries"], report


def import_through_page(client: Client, text: str) -> tuple[float, int, object]:
    upload = SimpleUploadedFile("candidates.csv", text.encode(), content_type="text/csv")
    started = time.perf_counter()
    with counting_queries() as counter:
        response = client.post(
            reverse("recruiting:candidate_import"), {"file": upload, "mode": ImportMode.GOOD_ROWS}
        )
    return time.perf_counter() - started, counter["queries"], response


def cleanup() -> None:
    Candidate.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    Requisition.objects.filter(title__startswith=PREFIX).delete()
    Tag.objects.filter(name__startswith="bench-").delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()
    Department.objects.filter(name__startswith=PREFIX).delete()
    RoleFamily.objects.filter(name__startswith=PREFIX).delete()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=12)
    parser.add_argument("--bad", type=float, default=0.02, help="share of bad rows")
    parser.add_argument("--existing", type=float, default=0.02, help="share of duplicates")
    parser.add_argument("--debug", action="store_true", help="with DJANGO_DEBUG=1 settings")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")

    cleanup()  # a crashed earlier run
    try:
        hr, jobs = jobs_and_hr(args.jobs)
        Candidate.objects.bulk_create(
            Candidate(name="Existing", email=f"existing{n}@{EMAIL_DOMAIN}") for n in range(50)
        )
        text = candidates_csv(args.rows, jobs, bad=args.bad, existing=args.existing)
        client = Client()
        client.force_login(hr)
        service = import_service_only(text, hr)
        page = import_through_page(client, text)
        if page[2].status_code != 200:
            raise SystemExit(f"the import page answered {page[2].status_code}")
        imported = Candidate.objects.filter(email__startswith="p", email__endswith=EMAIL_DOMAIN)
        stored = imported.count()
    finally:
        cleanup()
    report = service[2]
    print(
        f"{report.rows:,} candidate rows ({len(text.encode()) / 1024:,.0f} KiB) over "
        f"{args.jobs} jobs; report: {report.imported:,} imported, {len(report.errors):,} bad, "
        f"{len(report.duplicates):,} duplicates; stored by the page import: {stored:,}"
    )
    print(f"{'step':<40} {'rows':>8} {'seconds':>8} {'queries':>8}")
    for label, (seconds, queries, _) in (
        ("service only (rolled back)", service),
        ("page: POST as HR, end to end", page),
    ):
        print(f"{label:<40} {report.rows:>8,} {seconds:>8.2f} {queries:>8}")
    verdict = "pass" if page[0] < BUDGET_SECONDS else "OVER"
    print(f"budget {BUDGET_SECONDS:.0f} s end to end: {verdict} ({page[0]:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
