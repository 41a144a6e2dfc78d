"""The turnover report: headcount, leavers and turnover rate per month, and where they left.

The database counts (turnover_counts: one query, per group and per month) and Python adds up
those counts, so the page costs the same few queries, and its Python work grows with the
groups and months, not with the company. Definitions (stated on the page):

- headcount on a day: people who had started by that day and whose last day was not before it;
- a month's average headcount: the mean of its headcount on the first and on the last day;
- a month's turnover rate: its leavers (last day in the month) ÷ its average headcount;
- a period's rate: its leavers ÷ the mean of its months' average headcounts;
- early turnover: leavers whose last day came within 90, 180 or 365 days of their start.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from backoffice.core.report_cache import report_cached, report_store
from backoffice.core.report_refresh import report_refresher
from backoffice.people.models import Employee, Leaving, User
from backoffice.people.turnover_counts import EARLY_DAYS, Tally, turnover_counts

PERIODS = (6, 12, 24)
DEFAULT_MONTHS = 12
# The durable events after which HR's reports are computed afresh in the background (a change
# of an employee that is none of these is seen by the page, which computes: report_cached).
REFRESHING_EVENTS = (
    "employee_hired",
    "employee_leaving",
    "employee_leaving_moved",
    "employee_leaving_cancelled",
    "employee_left",
)


def turnover_scope(user: User):
    """Whose turnover the user sees: HR everyone, a manager their direct reports only."""
    employees = Employee.objects.all()
    if not user.is_authenticated or not user.is_active:
        return employees.none()
    if user.is_hr:
        return employees
    return employees.filter(manager__user=user)


def can_see_turnover(user: User) -> bool:
    return user.is_authenticated and (
        user.is_hr or Employee.objects.filter(manager__user=user).exists()
    )


@dataclass
class Month:
    first: datetime.date
    last: datetime.date
    headcount_start: int = 0
    headcount_end: int = 0
    leavers: int = 0
    voluntary: int = 0
    involuntary: int = 0

    @property
    def label(self) -> str:
        return f"{self.first:%b %Y}"

    @property
    def average_headcount(self) -> float:
        return (self.headcount_start + self.headcount_end) / 2

    @property
    def rate(self) -> float | None:
        """Leavers per 100 of the average headcount; None when nobody was employed."""
        average = self.average_headcount
        return round(100 * self.leavers / average, 1) if average else None


@dataclass
class Group:
    name: str
    average_headcount: float = 0.0
    leavers: int = 0
    voluntary: int = 0
    involuntary: int = 0

    @property
    def rate(self) -> float | None:
        if not self.average_headcount:
            return None
        return round(100 * self.leavers / self.average_headcount, 1)


@dataclass
class TurnoverReport:
    first: datetime.date
    last: datetime.date
    months: list[Month]
    leavers: int
    voluntary: int
    involuntary: int
    average_headcount: float
    headcount_now: int
    by_department: list[Group] = field(default_factory=list)
    by_role_family: list[Group] = field(default_factory=list)
    by_manager: list[Group] = field(default_factory=list)
    early: list[tuple[int, int, float | None]] = field(default_factory=list)  # days, n, share
    reasons: list[tuple[str, int, int]] = field(default_factory=list)  # reason, vol, invol
    computed_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def rate(self) -> float | None:
        if not self.average_headcount:
            return None
        return round(100 * self.leavers / self.average_headcount, 1)

    def chart_data(self) -> dict:
        return {
            "labels": [month.label for month in self.months],
            "voluntary": [month.voluntary for month in self.months],
            "involuntary": [month.involuntary for month in self.months],
            "rate": [month.rate for month in self.months],
        }


def _month_bounds(today: datetime.date, months: int) -> list[tuple[datetime.date, datetime.date]]:
    bounds = []
    year, month = today.year, today.month
    for _ in range(months):
        first = datetime.date(year, month, 1)
        # The current month counts up to today: leavers to come are not turnover yet.
        last = min(datetime.date(year, month, calendar.monthrange(year, month)[1]), today)
        bounds.append((first, last))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(bounds))


def _company_fingerprint() -> tuple:
    """HR's fingerprint, read from primary-key indexes only (counting 50,000 employees and
    their newest change took 15-30 ms a view): the newest line of the employees' and the
    leavings' history (every save and delete writes one: hires, status, moves, leavings
    recorded, moved, cancelled), the newest employee and the leavings (a small table). A
    queryset update() bypasses history, as it bypassed updated_at before: seen on expiry."""
    tables = [
        connection.ops.quote_name(model._meta.db_table)
        for model in (Employee.history.model, Employee, Leaving, Leaving.history.model)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(history_id) FROM {tables[0]}), (SELECT MAX(id) FROM {tables[1]}), "  # noqa: S608
            f"(SELECT COUNT(*) FROM {tables[2]}), (SELECT MAX(id) FROM {tables[2]}), "
            f"(SELECT MAX(history_id) FROM {tables[3]})"
        )
        return cursor.fetchone()


def _fingerprint(scope: QuerySet, *, company: bool) -> tuple:
    """What changes when the report would: people (hires, status, moves) and leavings."""
    if company:
        return _company_fingerprint()
    return tuple(
        scope.aggregate(
            people=Count("pk"),
            changed=Max("updated_at"),
            leavings=Count("leaving"),
            newest_leaving=Max("leaving__pk"),
        ).values()
    )


def turnover_report(
    user: User, *, months: int = DEFAULT_MONTHS, today: datetime.date | None = None
) -> TurnoverReport:
    """The report over the last `months` calendar months (this one included) for `user`."""
    today = today or timezone.localdate()
    audience = "all" if user.is_hr else f"manager:{user.pk}"
    scope = turnover_scope(user)
    return report_cached(
        "turnover",
        (audience, months, today, _fingerprint(scope, company=user.is_hr)),
        lambda: _turnover_report(scope, months=months, today=today),
    )


@report_refresher("turnover", events=REFRESHING_EVENTS)
def turnover_reports_refresh(*, today: datetime.date | None = None) -> None:
    """HR's reports (the whole company) for every period the page offers, stored under the
    current fingerprint, so that HR's page reads them from the cache."""
    today = today or timezone.localdate()
    scope = Employee.objects.all()  # turnover_scope for HR
    fingerprint = _fingerprint(scope, company=True)
    for months in PERIODS:
        report_store(
            "turnover",
            ("all", months, today, fingerprint),
            lambda months=months: _turnover_report(scope, months=months, today=today),
        )


def _groups(tallies: dict[str, Tally], months: list[Month]) -> list[Group]:
    groups = []
    for name, tally in tallies.items():
        total = sum((tally.on(m.first) + tally.on(m.last)) / 2 for m in months)
        group = Group(
            name=name,
            average_headcount=round(total / len(months), 1),
            leavers=sum(tally.voluntary) + sum(tally.involuntary),
            voluntary=sum(tally.voluntary),
            involuntary=sum(tally.involuntary),
        )
        if group.average_headcount or group.leavers:
            groups.append(group)
    return sorted(groups, key=lambda group: (-(group.rate or 0), group.name))


def _turnover_report(scope: QuerySet, *, months: int, today: datetime.date) -> TurnoverReport:
    bounds = _month_bounds(today, months)
    counts = turnover_counts(scope, bounds)
    total = counts.total
    month_rows = [
        Month(
            first=first,
            last=last,
            headcount_start=total.on(first),
            headcount_end=total.on(last),
            leavers=total.voluntary[index] + total.involuntary[index],
            voluntary=total.voluntary[index],
            involuntary=total.involuntary[index],
        )
        for index, (first, last) in enumerate(bounds)
    ]
    leavers = sum(month.leavers for month in month_rows)
    early = []
    for bucket, days in enumerate(EARLY_DAYS):
        count = sum(counts.early[: bucket + 1])
        early.append((days, count, round(100 * count / leavers, 1) if leavers else None))
    reason_rows = sorted(
        (
            (name, voluntary, involuntary)
            for name, (voluntary, involuntary) in counts.reasons.items()
        ),
        key=lambda row: (-(row[1] + row[2]), row[0]),
    )
    return TurnoverReport(
        first=bounds[0][0],
        last=bounds[-1][1],
        months=month_rows,
        leavers=leavers,
        voluntary=sum(total.voluntary),
        involuntary=sum(total.involuntary),
        average_headcount=round(
            sum(month.average_headcount for month in month_rows) / len(month_rows), 1
        ),
        headcount_now=total.on(today),
        by_department=_groups(counts.groups["department"], month_rows),
        by_role_family=_groups(counts.groups["role_family"], month_rows),
        by_manager=_groups(counts.groups["manager"], month_rows),
        early=early,
        reasons=reason_rows,
    )


def turnover_csv_rows(report: TurnoverReport) -> list[list]:
    """The report's tables, one after another, for the CSV export."""
    rows: list[list] = [
        ["Month", "Headcount at start", "Headcount at end", "Average headcount", "Leavers",
         "Voluntary", "Involuntary", "Turnover rate %"],
    ]  # fmt: skip
    for month in report.months:
        rows.append(
            [
                month.first.isoformat(),
                month.headcount_start,
                month.headcount_end,
                month.average_headcount,
                month.leavers,
                month.voluntary,
                month.involuntary,
                "" if month.rate is None else month.rate,
            ]
        )
    for title, groups in (
        ("Department", report.by_department),
        ("Role family", report.by_role_family),
        ("Manager", report.by_manager),
    ):
        rows.append([])
        rows.append([title, "Average headcount", "Leavers", "Voluntary", "Involuntary",
                     "Turnover rate %"])  # fmt: skip
        for group in groups:
            rows.append(
                [group.name, group.average_headcount, group.leavers, group.voluntary,
                 group.involuntary, "" if group.rate is None else group.rate]
            )  # fmt: skip
    rows.append([])
    rows.append(["Left within days of starting", "Leavers", "Share of leavers %"])
    for days, count, share in report.early:
        rows.append([days, count, "" if share is None else share])
    rows.append([])
    rows.append(["Reason", "Voluntary", "Involuntary"])
    rows.extend([name, voluntary, involuntary] for name, voluntary, involuntary in report.reasons)
    return rows
