"""Benchmark the key pages in-process: SQL queries, p50 and p95 latency per page.

    python bench/run.py [--requests 50] [--json bench/results/latest.json]

Runs against the configured database (DATABASE_URL) with whatever data it holds: load the
demo (`manage.py seed_demo`) or a larger data set first. Timings are measured here, never
asserted in tests; tests assert query counts instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
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
from django.core.signals import request_started  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from backoffice.people.models import User  # noqa: E402

# (label, user email or None for anonymous, path)
PAGES = [
    ("floor: healthz", None, "/healthz"),
    ("sign-in page", None, "/accounts/login/"),
    ("home as HR", "hr@example.com", "/"),
    ("home as hiring manager", "manager@example.com", "/"),
    ("home as new hire", "newhire@example.com", "/"),
    ("recruiting landing", "manager@example.com", "/recruiting/"),
]


def measure(client: Client, path: str, requests: int) -> dict:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: is the demo data loaded?")
    query_count = queries.final_queries - queries.initial_queries
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "queries": query_count,
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Django clears the query log at each request start; keep it so queries can be counted.
    request_started.disconnect(reset_queries)

    results = []
    for label, email, path in PAGES:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        results.append({"page": label, "path": path, **measure(client, path, args.requests)})

    floor = results[0]["p50_ms"] or 0.01
    print(f"{'page':<28} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'x floor':>8}")
    for row in results:
        row["ratio_to_floor"] = round(row["p50_ms"] / floor, 1)
        print(
            f"{row['page']:<28} {row['queries']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['ratio_to_floor']:>8}"
        )
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "database": connection.vendor,
        "requests_per_page": args.requests,
        "pages": results,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2))
    print(f"\nWritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
