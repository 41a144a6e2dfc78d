"""The turnover report's counting, done by the database in one query.

Each person in scope gets, in one pass, the index of the first report date (the first and the
last day of each month) on or after their start, the index of the first report date after their
last day, the month of the period they left in, and how soon after starting they left. Those
rows, pre-aggregated per group ids and buckets in a materialised CTE (the people are read once),
are then counted per department, role family, manager and leaving reason (UNION ALL), with the
names joined to the aggregated rows only. Headcount on report date k is then "started by
date k" less "left before date k": prefix sums of those counts. Python's work grows with the
groups and months, never with the people.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import accumulate

from django.db import connection
from django.db.models import Q, QuerySet

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
            self._started, self._left = list(accumulate(self.starts)), list(accumulate(self.ends))
        index = self.dates[day]
        return self._started[index] - self._left[index]

    def add(self, start: int, end: int, month: int | None, voluntary: bool | None, n: int):
        self.starts[start] += n
        self.ends[end] += n
        if month is not None:
            (self.voluntary if voluntary else self.involuntary)[month] += n


@dataclass
class Counts:
    total: Tally
    groups: dict[str, dict[str, Tally]]  # kind: {group name: tally}
    reasons: dict[str, list[int]]  # reason: [voluntary, involuntary] leavers in the period
    early: list[int]  # [bucket]: leavers in the period who left within EARLY_DAYS[bucket] days


def _first_date(column: str, op: str, dates: list[datetime.date], params: list) -> str:
    """SQL: the index of the first date `column <op> date` holds for (len(dates) when none)."""
    whens = []
    for k, day in enumerate(dates):
        whens.append(f"WHEN {column} {op} %s THEN {k}")
        params.append(_date(day))
    return f"CASE {' '.join(whens)} ELSE {len(dates)} END"


def _date(day: datetime.date):
    return connection.ops.adapt_datefield_value(day)


def _days_served() -> str:
    if connection.vendor == "postgresql":
        return "(s.last_day - s.start_date)"  # date - date: whole days
    return "CAST(julianday(s.last_day) - julianday(s.start_date) AS INTEGER)"


def _people_sql(scope: QuerySet, bounds, dates: list[datetime.date]) -> tuple[str, list]:
    """Two CTEs: s, the people in scope who could count (the ORM's filters), and p, how many of
    them per group ids and buckets (no names: those are joined to the few aggregated rows).

    The buckets are written as SQL here: built as ORM expressions, their hundred CASE branches
    cost more to compile than the query takes to run."""
    people = (
        # Someone marked left without a recorded leaving has no known last day: not counted.
        scope.filter(~Q(status=Employee.Status.LEFT) | Q(leaving__isnull=False))
        .filter(Q(leaving__isnull=True) | Q(leaving__last_day__gte=bounds[0][0]))
        .order_by()
        .values_list(
            "department_id",
            "role_family_id",
            "manager_id",
            "start_date",
            "leaving__last_day",
            "leaving__is_voluntary",
            "leaving__reason_id",
        )
    )
    people_sql, people_params = people.query.sql_with_params()
    params = list(people_params)
    start_at = _first_date("s.start_date", "<=", dates, params)
    # Most people have no last day: they need no comparison with every date.
    end_at = _first_date("s.last_day", "<", dates, params).replace(
        "CASE ", f"CASE WHEN s.last_day IS NULL THEN {len(dates)} ", 1
    )
    months = []
    for index, (first, last) in enumerate(bounds):
        months.append(f"WHEN s.last_day >= %s AND s.last_day <= %s THEN {index}")
        params += [_date(first), _date(last)]
    served = _days_served()
    early = " ".join(
        f"WHEN {served} < {days} THEN {bucket}" for bucket, days in enumerate(EARLY_DAYS)
    )
    buckets = (
        f"{start_at} AS start_at, {end_at} AS end_at, "
        f"CASE WHEN s.last_day IS NULL THEN NULL {' '.join(months)} ELSE NULL END AS month, "
        "s.voluntary, "
        f"CASE WHEN s.last_day IS NULL THEN NULL {early} ELSE {len(EARLY_DAYS)} END AS early"
    )
    keys = "x.department_id, x.role_family_id, x.manager_id, x.reason_id"
    grouped = f"{keys}, x.start_at, x.end_at, x.month, x.voluntary, x.early"
    sql = (
        "s (department_id, role_family_id, manager_id, start_date, last_day, voluntary, "  # noqa: S608
        f"reason_id) AS ({people_sql}), "
        f"p ({', '.join(PEOPLE_COLUMNS)}) AS MATERIALIZED (SELECT {grouped}, COUNT(*) FROM ("
        f"SELECT s.department_id, s.role_family_id, s.manager_id, s.reason_id, {buckets} "
        f"FROM s) x GROUP BY {grouped})"
    )
    return sql, params


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
    sql = f"WITH {people_sql} " + " UNION ALL ".join(_parts())
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
