"""The turnover report's counting, done by the database in one query.

Each person in scope gets, in one pass, the index of the first report date (the first and the
last day of each month) on or after their start, the index of the first report date after their
last day, the month of the period they left in, and how soon after starting they left. Those
rows are then counted per department, role family, manager and leaving reason (UNION ALL over
a materialised CTE, so the people are read once). Headcount on report date k is then "started by
date k" less "left before date k": prefix sums of those counts. Python's work grows with the
groups and months, never with the people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from backoffice.people.models import Department, Employee, LeavingReason, RoleFamily, User

EARLY_DAYS = (90, 180, 365)
KINDS = ("department", "role_family", "manager")


@dataclass
class Tally:
    """One group's counts over the report dates `dates` (sorted) and its months."""

    dates: dict[datetime.date, int]  # report date: its index
    starts: list[int]  # [k]: people whose first report date on or after their start is k
    ends: list[int]  # [k]: people whose first report date after their last day is k
    voluntary: list[int]  # [month]: voluntary leavers in the month
    involuntary: list[int]
    _started: list[int] = field(default_factory=list)
    _left: list[int] = field(default_factory=list)

    def on(self, day: datetime.date) -> int:
        """Headcount on a report date: started by then, less those whose last day was before."""
        if not self._started:
            self._started, self._left = _prefix(self.starts), _prefix(self.ends)
        index = self.dates[day]
        return self._started[index] - self._left[index]

    def add(self, start: int, end: int, month: int | None, voluntary: bool | None, n: int):
        self.starts[start] += n
        self.ends[end] += n
        if month is not None:
            (self.voluntary if voluntary else self.involuntary)[month] += n


def _prefix(values: list[int]) -> list[int]:
    total, result = 0, []
    for value in values:
        total += value
        result.append(total)
    return result


@dataclass
class Counts:
    total: Tally
    groups: dict[str, dict[str, Tally]]  # kind: {group name: tally}
    reasons: dict[str, list[int]]  # reason: [voluntary, involuntary] leavers in the period
    early: list[int]  # [bucket]: leavers in the period who left within EARLY_DAYS[bucket] days


def _first_date(condition, dates: list[datetime.date], *, unless: Q | None = None) -> Case:
    """The index of the first date `condition(date)` holds for (len(dates) when none, or at
    once when `unless` holds: most people have no last day, and need no 50 comparisons)."""
    whens = [When(condition(day), then=Value(k)) for k, day in enumerate(dates)]
    if unless is not None:
        whens.insert(0, When(unless, then=Value(len(dates))))
    return Case(*whens, default=Value(len(dates)), output_field=IntegerField())


def _people_sql(scope: QuerySet, bounds, dates: list[datetime.date]) -> tuple[str, tuple]:
    """How many people in scope who could count, per group ids and buckets (no names: those
    are joined to the few aggregated rows, not to every person)."""
    served = ExpressionWrapper(
        F("leaving__last_day") - F("start_date"), output_field=DurationField()
    )
    staying = Q(leaving__last_day__isnull=True)
    months = [When(staying, then=Value(None))] + [
        When(leaving__last_day__gte=first, leaving__last_day__lte=last, then=Value(index))
        for index, (first, last) in enumerate(bounds)
    ]
    early = [When(staying, then=Value(None))] + [
        When(served__lt=datetime.timedelta(days=days), then=Value(bucket))
        for bucket, days in enumerate(EARLY_DAYS)
    ]
    people = (
        # Someone marked left without a recorded leaving has no known last day: not counted.
        scope.filter(~Q(status=Employee.Status.LEFT) | Q(leaving__isnull=False))
        .filter(Q(leaving__isnull=True) | Q(leaving__last_day__gte=bounds[0][0]))
        .order_by()
        .annotate(served=served)
        .annotate(
            start_at=_first_date(lambda day: Q(start_date__lte=day), dates),
            end_at=_first_date(lambda day: Q(leaving__last_day__lt=day), dates, unless=staying),
            month=Case(*months, default=None, output_field=IntegerField()),
            early=Case(*early, default=Value(len(EARLY_DAYS)), output_field=IntegerField()),
            voluntary=F("leaving__is_voluntary"),
            reason_id=F("leaving__reason_id"),
        )
        .values(*PEOPLE_COLUMNS[:-1])
        .annotate(n=Count("pk"))
        .values_list(*PEOPLE_COLUMNS)
    )
    return people.query.sql_with_params()


PEOPLE_COLUMNS = (
    "department_id",
    "role_family_id",
    "manager_id",
    "reason_id",
    "start_at",
    "end_at",
    "month",
    "voluntary",
    "early",
    "n",
)
BUCKETS = "g.start_at, g.end_at, g.month, g.voluntary"
NO_TEXT, NO_NUMBER = "CAST(NULL AS VARCHAR(200))", "CAST(NULL AS INTEGER)"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _parts() -> list[str]:
    """Per group kind: the people counted per group id and buckets, then the group's names."""
    users = _table(User)
    names = {  # kind: (its column in p, the joins that name it, its three name columns)
        "department": (
            "department_id",
            f"LEFT JOIN {_table(Department)} d ON d.id = g.key",
            f"d.name, {NO_TEXT}, {NO_TEXT}",
        ),
        "role_family": (
            "role_family_id",
            f"LEFT JOIN {_table(RoleFamily)} f ON f.id = g.key",
            f"f.name, {NO_TEXT}, {NO_TEXT}",
        ),
        "manager": (
            "manager_id",
            f"LEFT JOIN {_table(Employee)} m ON m.id = g.key "
            f"LEFT JOIN {users} u ON u.id = m.user_id",
            "u.first_name, u.last_name, u.email",
        ),
    }
    parts = [
        f"SELECT '{kind}', g.key, {columns}, {BUCKETS}, {NO_NUMBER}, g.n FROM ("  # noqa: S608
        f"SELECT p.{key} AS key, p.start_at, p.end_at, p.month, p.voluntary, "
        f"CAST(SUM(p.n) AS BIGINT) AS n FROM p "
        f"GROUP BY p.{key}, p.start_at, p.end_at, p.month, p.voluntary) g {joins}"
        for kind, (key, joins, columns) in names.items()
    ]
    parts.append(
        f"SELECT 'reason', {NO_NUMBER}, r.name, {NO_TEXT}, {NO_TEXT}, {NO_NUMBER}, "  # noqa: S608
        f"{NO_NUMBER}, {NO_NUMBER}, g.voluntary, g.early, g.n FROM ("
        "SELECT p.reason_id, p.voluntary, p.early, CAST(SUM(p.n) AS BIGINT) AS n FROM p "
        "WHERE p.month IS NOT NULL GROUP BY p.reason_id, p.voluntary, p.early) g "
        f"LEFT JOIN {_table(LeavingReason)} r ON r.id = g.reason_id"
    )
    return parts


def _counted_rows(scope: QuerySet, bounds, dates) -> list[tuple]:
    """(kind, id, name, name, name, start_at, end_at, month, voluntary, early, count) rows:
    per group kind and bucket combination, and per reason of the period's leavers."""
    people_sql, params = _people_sql(scope, bounds, dates)
    # Every piece is this module's own text (table names quoted by the backend); the values
    # went in as the CTE's parameters.
    columns = ", ".join(PEOPLE_COLUMNS)
    sql = f"WITH p ({columns}) AS MATERIALIZED ({people_sql}) " + " UNION ALL ".join(_parts())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _name(kind: str, names: tuple) -> str:
    if kind == "manager":
        first, last, email = names
        return f"{first or ''} {last or ''}".strip() or (email or "No manager")
    return names[0] or ("No department" if kind == "department" else "No role family")


def turnover_counts(scope: QuerySet, bounds: list[tuple[datetime.date, datetime.date]]) -> Counts:
    """The counts of the people in `scope` over the months `bounds` (first, last day)."""
    dates = sorted({day for month in bounds for day in month})
    index = {day: k for k, day in enumerate(dates)}

    def tally() -> Tally:
        slots = len(dates) + 1
        return Tally(index, [0] * slots, [0] * slots, [0] * len(bounds), [0] * len(bounds))

    total = tally()
    groups: dict[str, dict[str, Tally]] = {kind: defaultdict(tally) for kind in KINDS}
    reasons: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    early = [0] * (len(EARLY_DAYS) + 1)
    for kind, _id, *names, start_at, end_at, month, voluntary, early_at, n in _counted_rows(
        scope, bounds, dates
    ):
        if kind == "reason":
            reasons[names[0] or ""][0 if voluntary else 1] += n
            early[early_at] += n
            continue
        # Groups are by name, as the page shows them (two managers of one name are one row).
        groups[kind][_name(kind, tuple(names[:3] if kind == "manager" else names[:1]))].add(
            start_at, end_at, month, voluntary, n
        )
        if kind == "department":  # every person is in exactly one department row
            total.add(start_at, end_at, month, voluntary, n)
    return Counts(total=total, groups=groups, reasons=dict(reasons), early=early)
