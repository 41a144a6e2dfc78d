"""Bulk data at scale for `manage.py seed_scale`: each app registers its own generator.

Like demo.py, the shared app never imports a domain app: each app writes `<app>/scale.py` with a
function decorated `@scale_step(name=..., order=...)`, and the command finds them with Django's
autodiscover_modules("scale"). A step receives the requested sizes and a progress callback and
returns a one-line summary. Rows go in with PostgreSQL's COPY (bulk_create elsewhere), with ids
reserved up front so that later steps can point at them without reading them back.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import random
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

# Every generated row that has an address uses this domain, so a generated data set can be
# recognised (and a second run refused) without a marker table.
SCALE_EMAIL_DOMAIN = "scale.example.com"


@dataclass
class ScaleSizes:
    candidates: int = 100_000
    employees: int = 5_000
    onboarding_items: int = 100_000
    reviews: int = 20_000
    measurements: int = 50_000
    seed: int = 8
    # Filled in by the steps for the ones after them (e.g. the employees' ids), keyed by name.
    shared: dict = dataclasses.field(default_factory=dict)

    def random(self, step: str) -> random.Random:
        """A generator per step, so that each step's data is the same from run to run."""
        return random.Random(f"{self.seed}:{step}")  # noqa: S311 - test data, not secrets


# Sizes that follow the candidates (in the defaults' proportions) unless given.
PROPORTIONAL = ("employees", "onboarding_items", "reviews", "measurements")


def scaled_sizes(candidates: int, *, seed: int = 8, **given: int) -> ScaleSizes:
    """Sizes for `candidates` candidates: the others in the default proportions (a million
    candidates: 50,000 employees, 1,000,000 onboarding items, 200,000 reviews, 500,000
    measurements), except those given."""
    defaults = ScaleSizes()
    sizes = {
        name: given.get(name, round(getattr(defaults, name) * candidates / defaults.candidates))
        for name in PROPORTIONAL
    }
    return ScaleSizes(candidates=candidates, seed=seed, **sizes)


Progress = Callable[[str], None]


@dataclass(frozen=True)
class ScaleStep:
    name: str
    order: int
    run: Callable[[ScaleSizes, Progress], str]


_steps: dict[str, ScaleStep] = {}


def scale_step(*, name: str, order: int):
    def register(function):
        _steps[name] = ScaleStep(name=name, order=order, run=function)
        return function

    return register


def scale_steps() -> list[ScaleStep]:
    return sorted(_steps.values(), key=lambda step: step.order)


# --- Bulk writing helpers -------------------------------------------------------------------


def reserve_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys from the table's own sequence (one query)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: ids above the current maximum (the test fallback; no concurrent writers).
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


NULL = r"\N"


def _json_text(value):
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def copy_rows(model, columns: Sequence[str], rows: Iterable[Sequence], *, batch: int = 50_000):
    """Write rows into the model's table: COPY on PostgreSQL, executemany elsewhere.

    `columns` are database column names (e.g. "candidate_id"); values are written as given, so
    the caller fills every NOT NULL column, defaults included. Returns the number of rows.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    written = 0
    chunk: list[Sequence] = []

    def flush() -> None:
        nonlocal written
        if not chunk:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                # NULL is written \N, so an empty field is an empty string; booleans go in as
                # True/False, which PostgreSQL reads. Inline, not a call per value: a million
                # rows of a dozen columns is twelve million values.
                csv.writer(buffer).writerows(
                    [[NULL if value is None else value for value in row] for row in chunk]
                )
                buffer.seek(0)
                cursor.copy_expert(
                    f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                    buffer,
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                # JSON values (a JSONField's default {}) go in as text, as COPY writes them.
                prepared = [[_json_text(value) for value in row] for row in chunk]
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", prepared)  # noqa: S608
        written += len(chunk)
        chunk.clear()

    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            flush()
    flush()
    return written


@contextmanager
def indexes_deferred(*models, progress: Progress | None = None):
    """Drop the tables' secondary indexes and foreign keys for the bulk load, then add them
    back (the keys validated) and ANALYZE: PostgreSQL's advice for populating a database.

    Keeping an index up to date row by row costs far more than building it once over the
    loaded table (the trigram GIN indexes most of all), and a foreign key checks (and locks)
    the row it points at once per row written, where adding the key back checks every row in
    one join. Indexes that back a constraint (primary keys, unique constraints) stay; a unique
    index built again still refuses duplicates, and a key added back refuses a dangling id. All
    of it runs in the command's transaction, so a failure leaves the tables as they were.
    PostgreSQL only; elsewhere a no-op.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Checks still queued (Django's keys are deferred to the commit) would stop the ALTERs.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
            """,
            [tables],
        )
        keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        # Fresh statistics first: adding a key back validates it with one join, planned on them.
        analyze(*models)
        for table, name, definition in keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
    if progress:
        progress(f"{len(indexes)} indexes built and {len(keys)} foreign keys checked again")


def analyze(*models) -> None:
    """Fresh planner statistics after a bulk load, so the first pages get good plans."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def spread(total: int, buckets: int) -> list[int]:
    """`total` split over `buckets` as evenly as possible (the first ones get the remainder)."""
    if buckets <= 0:
        return []
    base, extra = divmod(total, buckets)
    return [base + (1 if index < extra else 0) for index in range(buckets)]


def copy_objects(model, rows: Iterable[dict], *, batch: int = 50_000) -> int:
    """copy_rows with dicts keyed by attname; missing fields take the model's defaults.

    Django's defaults live in Python, not in the table, so COPY must be given every column: a
    missing nullable field is NULL, a field with a default gets it, auto_now(_add) gets now.
    """
    from django.utils import timezone

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    # Without ids in the rows the table's sequence numbers them.
    pk = model._meta.pk
    fields = [
        field for field in model._meta.concrete_fields if field is not pk or pk.attname in first
    ]
    now = timezone.now()
    columns = [field.column for field in fields]
    required = object()

    def default(field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        if field.has_default():
            value = field.get_default()
            # A JSONField's default ({} or []) goes in as JSON text.
            return json.dumps(value) if isinstance(value, (dict, list)) else value
        if field.null:
            return None
        if field.empty_strings_allowed:
            return ""
        return required

    # Worked out once per table, not once per row: (key, value when the row lacks it).
    spec = [(field.attname, default(field)) for field in fields]

    def filled(row: dict) -> list:
        values = [row.get(name, fallback) for name, fallback in spec]
        if required in values:
            name = spec[values.index(required)][0]
            raise ValueError(f"{model.__name__}.{name} needs a value")
        return values

    all_rows = itertools.chain([first], rows)
    return copy_rows(model, columns, (filled(row) for row in all_rows), batch=batch)
