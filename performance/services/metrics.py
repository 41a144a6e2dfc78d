"""Measurements: entered one by one by a manager, or imported from a CSV file."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from backoffice.people.models import Employee, User
from performance.models import Measurement, Metric

CSV_COLUMNS = ["email", "metric", "period_start", "value"]
# A file is imported within one web request; 10,000 rows take about a second (bench/imports.py).
IMPORT_MAX_ROWS = 10_000
# Rows per INSERT statement, which bounds the statement built in memory (SQLite lowers it
# further, to its limit on parameters).
IMPORT_BATCH_SIZE = 2_000
# The report page lists this many bad rows and counts the rest, so it stays readable.
REPORT_ERRORS_LISTED = 100


class ImportMode:
    ALL_OR_NOTHING = "all_or_nothing"
    GOOD_ROWS = "good_rows"
    CHOICES = [
        (ALL_OR_NOTHING, "Import nothing if any row is bad"),
        (GOOD_ROWS, "Import the good rows and skip the bad ones"),
    ]


@dataclass
class ImportReport:
    mode: str
    rows: int = 0
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    @property
    def skipped(self) -> int:
        return self.rows - self.imported

    @property
    def errors_listed(self) -> list[tuple[int, str]]:
        return self.errors[:REPORT_ERRORS_LISTED]

    @property
    def errors_not_listed(self) -> int:
        return max(len(self.errors) - REPORT_ERRORS_LISTED, 0)


def may_measure(user: User, employee: Employee) -> bool:
    """Managers enter their reports' measurements; HR anyone's."""
    return user.is_hr or (employee.manager is not None and employee.manager.user_id == user.pk)


@transaction.atomic
def measurement_record(
    *, metric: Metric, employee: Employee, period_start: datetime.date, value: Decimal, by: User
) -> Measurement:
    """Record (or correct) one value for one employee and period of a metric of their role."""
    if not may_measure(by, employee):
        raise PermissionDenied
    if metric.role_family_id != employee.role_family_id:
        raise ValidationError(f"{metric.name} is not a metric of {employee}'s role.")
    measurement, _ = Measurement.objects.update_or_create(
        metric=metric,
        employee=employee,
        period_start=period_start,
        defaults={"value": value, "entered_by": by},
    )
    return measurement


def _read_rows(text: str) -> list[tuple[int, dict]] | None:
    """The data rows as (line number, dict), or None when the header lacks a column."""
    reader = csv.DictReader(io.StringIO(text))
    if any(column not in (reader.fieldnames or []) for column in CSV_COLUMNS):
        return None
    # The reader's own line count, so that blank lines it skips do not shift the report.
    return [(reader.line_num, row) for row in reader]


def _cell(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


def _lookups(rows: list[dict]) -> tuple[dict[str, Employee], dict[tuple[int, str], Metric]]:
    """Everyone and every metric the file names, in two queries whatever its length."""
    emails = {_cell(row, "email").lower() for row in rows}
    employees = {
        employee.user.email: employee
        for employee in Employee.objects.select_related("user", "manager").filter(
            user__email__in=emails
        )
    }
    metrics = {
        (metric.role_family_id, metric.name.lower()): metric
        for metric in Metric.objects.filter(
            role_family__in={e.role_family_id for e in employees.values()}, is_active=True
        )
    }
    return employees, metrics


def _check_row(row: dict, *, by: User, employees: dict, metrics: dict) -> Measurement | str:
    """The measurement a row asks for, or what is wrong with it (in Python, no query)."""
    email = _cell(row, "email").lower()
    employee = employees.get(email)
    if employee is None:
        return f"No employee with the email “{email}”."
    if not may_measure(by, employee):
        return f"You do not manage {employee}."
    metric_name = _cell(row, "metric")
    metric = metrics.get((employee.role_family_id, metric_name.lower()))
    if metric is None:
        return f"“{metric_name}” is not a metric of {employee}'s role."
    try:
        period_start = datetime.date.fromisoformat(_cell(row, "period_start"))
    except ValueError:
        return "period_start must be a date like 2026-01-31."
    try:
        value = Decimal(_cell(row, "value"))
    except InvalidOperation:
        return f"“{row.get('value')}” is not a number."
    if not value.is_finite() or abs(value) >= Decimal("1e10"):
        return "The value is out of range."
    return Measurement(
        metric=metric, employee=employee, period_start=period_start, value=value, entered_by=by
    )


def _check_rows(
    rows: list[tuple[int, dict]], by: User
) -> tuple[list[Measurement], list[tuple[int, str]]]:
    employees, metrics = _lookups([row for _line, row in rows])
    good, errors = [], []
    for line, row in rows:
        checked = _check_row(row, by=by, employees=employees, metrics=metrics)
        if isinstance(checked, str):
            errors.append((line, checked))
        else:
            good.append(checked)
    return good, errors


def _measurements_write(measurements: list[Measurement]) -> None:
    """Insert new periods and replace the values of existing ones, a batch per statement."""
    # A period named twice keeps its last row, as if the rows were saved one after another;
    # one statement may not update the same row twice.
    latest = {(m.metric_id, m.employee_id, m.period_start): m for m in measurements}
    Measurement.objects.bulk_create(
        latest.values(),
        batch_size=IMPORT_BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["metric", "employee", "period_start"],
        update_fields=["value", "entered_by", "updated_at"],
    )


@transaction.atomic
def measurements_import(*, text: str, by: User, mode: str) -> ImportReport:
    """Import measurements from CSV (email, metric, period_start, value), checking each row.

    With ALL_OR_NOTHING a single bad row means nothing is imported; with GOOD_ROWS the good rows
    are imported and the bad ones listed. A row for an existing period replaces its value.
    The queries do not grow with the rows: two lookups, then one insert per batch.
    """
    if mode not in {ImportMode.ALL_OR_NOTHING, ImportMode.GOOD_ROWS}:
        raise ValueError(f"Unknown import mode {mode!r}")
    rows = _read_rows(text)
    if rows is None:
        header_error = (1, "The header must have the columns " + ", ".join(CSV_COLUMNS))
        return ImportReport(mode=mode, errors=[header_error])
    good, errors = _check_rows(rows, by)
    report = ImportReport(mode=mode, rows=len(rows), errors=errors)
    if errors and mode == ImportMode.ALL_OR_NOTHING:
        return report
    _measurements_write(good)
    report.imported = len(good)
    return report
