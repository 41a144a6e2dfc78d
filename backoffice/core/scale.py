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


def _csv_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


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
                writer = csv.writer(buffer)
                writer.writerows([[_csv_value(value) for value in row] for row in chunk])
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

    def filled(row: dict) -> list:
        values = []
        for field in fields:
            if field.attname in row:
                value = row[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif field.empty_strings_allowed:
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.attname} needs a value")
            values.append(value)
        return values

    all_rows = itertools.chain([first], rows)
    return copy_rows(model, columns, (filled(row) for row in all_rows), batch=batch)
