"""The CSV import page runs as many queries for 200 rows as for 20.

The data is the benchmark's own (bench/imports.py): people in teams over role families, a CSV
with bad rows of every kind and rows that correct stored values, POSTed to the page as HR.
Timings stay in the benchmark; this only counts queries.
"""

from __future__ import annotations

import contextlib
import math

import pytest
from django.db import connection, transaction
from django.urls import reverse

from bench.imports import (
    Rollback,
    import_through_page,
    measurements_csv,
    measurements_store,
    people_and_metrics,
)
from performance.models import Measurement
from performance.services.metrics import IMPORT_BATCH_SIZE, ImportMode

pytestmark = pytest.mark.django_db

# Session, user, roles; employees, metrics; the service's savepoint and release (the test runs
# in a transaction): the same for any number of rows.
IMPORT_PAGE_QUERIES_BUT_INSERTS = 7


def _insert_batches(rows: int) -> int:
    """How many INSERTs bulk_create needs for `rows` measurements on this database: one on
    PostgreSQL; on SQLite one per batch its limit on query parameters allows."""
    fields = [field for field in Measurement._meta.concrete_fields if not field.primary_key]
    batch = min(IMPORT_BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows))
    return math.ceil(rows / batch)


def _page_queries(client, hr, pairs, rows: int) -> tuple[int, int]:
    """Queries of one import of `rows` rows, rolled back so each size starts from the same:
    (queries other than INSERTs, INSERTs)."""
    text, periods = measurements_csv(rows, pairs, bad=0.2, existing=0.25)
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with contextlib.suppress(Rollback), transaction.atomic():
        measurements_store(periods, hr)
        with connection.execute_wrapper(record):
            _seconds, queries, response = import_through_page(client, text, ImportMode.GOOD_ROWS)
        page = response.content.decode()
        assert response.status_code == 200
        assert f"of {rows} rows; the" in page  # some imported, some bad and listed
        raise Rollback
    assert queries == len(statements)
    inserts = sum(1 for sql in statements if sql.lstrip().upper().startswith("INSERT"))
    return len(statements) - inserts, inserts


def test_the_import_page_runs_as_many_queries_for_200_rows_as_for_20(client):
    hr, pairs = people_and_metrics(people=40, families=2, metrics=2)
    client.force_login(hr)
    client.get(reverse("performance:measurement_import"))  # warm the per-process caches

    small_other, small_inserts = _page_queries(client, hr, pairs, 20)
    large_other, large_inserts = _page_queries(client, hr, pairs, 200)

    assert small_other == large_other, (
        f"the import's queries grew with the rows: {small_other} then {large_other}"
    )
    assert large_other <= IMPORT_PAGE_QUERIES_BUT_INSERTS
    # Rows go in whole batches: as many INSERTs as the database's batches need, no more.
    assert small_inserts == 1
    assert large_inserts <= _insert_batches(200)
    if connection.vendor == "postgresql":
        assert large_inserts == 1
