"""The CSV import page runs as many queries for 200 rows as for 20.

The data is the benchmark's own (bench/imports.py): people in teams over role families, a CSV
with bad rows of every kind and rows that correct stored values, POSTed to the page as HR.
Timings stay in the benchmark; this only counts queries.
"""

from __future__ import annotations

import contextlib

import pytest
from django.db import transaction
from django.urls import reverse

from bench.imports import (
    Rollback,
    import_through_page,
    measurements_csv,
    measurements_store,
    people_and_metrics,
)
from performance.services.metrics import ImportMode

pytestmark = pytest.mark.django_db

# Session, user, roles; employees, metrics, one insert; the service's savepoint and release
# (the test runs in a transaction).
IMPORT_PAGE_QUERIES = 8


def _page_queries(client, hr, pairs, rows: int) -> int:
    """Queries of one import of `rows` rows, rolled back so each size starts from the same."""
    text, periods = measurements_csv(rows, pairs, bad=0.2, existing=0.25)
    with contextlib.suppress(Rollback), transaction.atomic():
        measurements_store(periods, hr)
        _seconds, queries, response = import_through_page(client, text, ImportMode.GOOD_ROWS)
        page = response.content.decode()
        assert response.status_code == 200
        assert f"of {rows} rows; the" in page  # some imported, some bad and listed
        raise Rollback
    return queries


def test_the_import_page_runs_as_many_queries_for_200_rows_as_for_20(client):
    hr, pairs = people_and_metrics(people=40, families=2, metrics=2)
    client.force_login(hr)
    client.get(reverse("performance:measurement_import"))  # warm the per-process caches

    small = _page_queries(client, hr, pairs, 20)
    large = _page_queries(client, hr, pairs, 200)

    assert small == large, f"the import's queries grew with the rows: {small} then {large}"
    assert large <= IMPORT_PAGE_QUERIES
