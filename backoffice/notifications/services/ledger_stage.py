"""Writing many ledger rows at once, each key once, without building a model per row.

Rows go into a temporary table first: on PostgreSQL with COPY (one round trip per
STAGE_FLUSH_ROWS rows), elsewhere (SQLite, the local fallback of the test suite) with
executemany. `move()` then writes them to the ledger with one INSERT … SELECT … ON CONFLICT DO
NOTHING, so the database's unique key decides what is new: two sweeps at once cannot write a
reminder twice, and a repeat sweep costs one index probe per row, not a Python object.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from backoffice.notifications.models import ReminderLedger


class StagedRow(NamedTuple):
    """A candidate ledger row: the columns a sweep fills, in table order; the rest take the
    defaults move() gives them."""

    recipient_id: int
    kind: str
    subject: str
    period: str
    audience: str
    title: str
    path: str
    due: str | None  # an ISO date
    employee_id: int | None


STAGE_COLUMNS = StagedRow._fields
# Rows held in memory before they are sent to the database.
STAGE_FLUSH_ROWS = 50_000
_STAGE_TABLE = "notifications_ledger_stage"
_STAGE_DDL = (
    f"CREATE TEMPORARY TABLE {_STAGE_TABLE} (recipient_id bigint, kind text, subject text, "
    "period text, audience text, title text, path text, due date, employee_id bigint)"
)


class LedgerStage:
    """A temporary table of candidate ledger rows, for the length of a `with` block.

    with LedgerStage() as stage:
        stage.add(rows)      # tuples in STAGE_COLUMNS order
        written = stage.move()   # into the ledger; returns how many keys were new
    """

    def __init__(self) -> None:
        self._pending: list[StagedRow] = []
        self._staged = 0  # rows sent to the table since the last move()
        self._created = False  # the table is made on the first flush: nothing due, no query
        self._postgres = connection.vendor == "postgresql"

    def __enter__(self) -> LedgerStage:
        return self

    def __exit__(self, *exc_info) -> None:
        self._pending.clear()
        # Inside a failed atomic block no query may run; its rollback drops the table anyway.
        if self._created and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_STAGE_TABLE}")

    def add(self, rows: Iterable[StagedRow]) -> None:
        self._pending.extend(rows)
        if len(self._pending) >= STAGE_FLUSH_ROWS:
            self._flush()

    def move(self) -> int:
        """Insert the staged rows whose key is not in the ledger yet; empty the stage."""
        self._flush()
        if not self._staged:
            return 0
        columns = ", ".join(STAGE_COLUMNS)
        # In key order: a recipient's rows land side by side, so their digest later reads and
        # rewrites a few pages, not one page per row; the key index grows at its right end;
        # and two sweeps at once take the keys' locks in one order, so neither deadlocks.
        # WHERE true: SQLite needs it to read ON CONFLICT as the upsert clause, not a join's.
        insert = (
            f"INSERT INTO {ReminderLedger._meta.db_table} "  # noqa: S608 - names are ours
            f"({columns}, status, attempts, last_error, created_at) "
            f"SELECT {columns}, %s, 0, '', %s FROM {_STAGE_TABLE} WHERE true "
            "ORDER BY recipient_id, kind, subject, period ON CONFLICT DO NOTHING"
        )
        created_at = connection.ops.adapt_datetimefield_value(timezone.now())
        try:
            # A savepoint inside a caller's transaction: a failed INSERT leaves it usable.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(insert, [ReminderLedger.Status.PENDING, created_at])
                return cursor.rowcount
        finally:
            # Written or not, these rows must not be offered again with the next kind's.
            self._staged = 0
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {_STAGE_TABLE}")  # noqa: S608

    def _flush(self) -> None:
        if not self._pending:
            return
        with connection.cursor() as cursor:
            if not self._created:
                # A sweep that died on this connection may have left its table behind.
                cursor.execute(f"DROP TABLE IF EXISTS {_STAGE_TABLE}")
                cursor.execute(_STAGE_DDL)
                self._created = True
            if self._postgres:
                copy = (
                    f"COPY {_STAGE_TABLE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN "
                    "WITH (FORMAT csv, FORCE_NULL (recipient_id, due, employee_id))"
                )
                cursor.copy_expert(copy, _csv(self._pending))
            else:
                marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {_STAGE_TABLE} VALUES ({marks})",  # noqa: S608
                    self._pending,
                )
        self._staged += len(self._pending)
        self._pending.clear()


def _csv(rows: list[StagedRow]) -> io.StringIO:
    # Every field quoted, so an empty title stays '' and only the FORCE_NULL columns (the
    # numbers and the date) read an empty field as NULL: a bad value fails the INSERT, in its
    # savepoint, not the COPY. Quoting also carries commas, quotes and newlines through.
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    buffer.seek(0)
    return buffer
