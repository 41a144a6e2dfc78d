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


def _parse_rows(text: str, by: User) -> tuple[list[dict], list[tuple[int, str]], int]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in CSV_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        return [], [(1, "The header must have the columns " + ", ".join(CSV_COLUMNS))], 0
    rows = list(reader)
    emails = {(row.get("email") or "").strip().lower() for row in rows}
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
    good, errors = [], []
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip().lower()
        employee = employees.get(email)
        if employee is None:
            errors.append((line, f"No employee with the email “{email}”."))
            continue
        if not may_measure(by, employee):
            errors.append((line, f"You do not manage {employee}."))
            continue
        metric_name = (row.get("metric") or "").strip()
        metric = metrics.get((employee.role_family_id, metric_name.lower()))
        if metric is None:
            errors.append((line, f"“{metric_name}” is not a metric of {employee}'s role."))
            continue
        try:
            period_start = datetime.date.fromisoformat((row.get("period_start") or "").strip())
        except ValueError:
            errors.append((line, "period_start must be a date like 2026-01-31."))
            continue
        try:
            value = Decimal((row.get("value") or "").strip())
        except InvalidOperation:
            errors.append((line, f"“{row.get('value')}” is not a number."))
            continue
        if not value.is_finite() or abs(value) >= Decimal("1e10"):
            errors.append((line, "The value is out of range."))
            continue
        good.append(
            {"metric": metric, "employee": employee, "period_start": period_start, "value": value}
        )
    return good, errors, len(rows)


@transaction.atomic
def measurements_import(*, text: str, by: User, mode: str) -> ImportReport:
    """Import measurements from CSV (email, metric, period_start, value), checking each row.

    With ALL_OR_NOTHING a single bad row means nothing is imported; with GOOD_ROWS the good rows
    are imported and the bad ones listed. A row for an existing period replaces its value.
    """
    if mode not in {ImportMode.ALL_OR_NOTHING, ImportMode.GOOD_ROWS}:
        raise ValueError(f"Unknown import mode {mode!r}")
    good, errors, count = _parse_rows(text, by)
    report = ImportReport(mode=mode, rows=count, errors=errors)
    if errors and mode == ImportMode.ALL_OR_NOTHING:
        return report
    for row in good:
        Measurement.objects.update_or_create(
            metric=row["metric"],
            employee=row["employee"],
            period_start=row["period_start"],
            defaults={"value": row["value"], "entered_by": by},
        )
    report.imported = len(good)
    return report
