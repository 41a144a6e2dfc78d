"""The turnover report: headcount, leavers and turnover rate per month, and where they left.

Reads employees and their leavings in one query and counts in Python, so the page costs the
same few queries whatever the size of the company. Definitions (stated on the page):

- headcount on a day: people who had started by that day and whose last day was not before it;
- a month's average headcount: the mean of its headcount on the first and on the last day;
- a month's turnover rate: its leavers (last day in the month) ÷ its average headcount;
- a period's rate: its leavers ÷ the mean of its months' average headcounts;
- early turnover: leavers whose last day came within 90, 180 or 365 days of their start.
"""

from __future__ import annotations

import calendar
import datetime
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from backoffice.core.report_cache import report_cached
from backoffice.people.models import Employee, User

EARLY_DAYS = (90, 180, 365)
PERIODS = (6, 12, 24)
DEFAULT_MONTHS = 12


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
class Person:
    start: datetime.date
    last_day: datetime.date | None
    voluntary: bool | None
    reason: str
    department: str
    role_family: str
    manager: str

    def employed_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.last_day is None or self.last_day >= day)

    def left_within(self, first: datetime.date, last: datetime.date) -> bool:
        return self.last_day is not None and first <= self.last_day <= last


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


def _month_index(bounds, day: datetime.date) -> int:
    first = bounds[0][0]
    return (day.year - first.year) * 12 + day.month - first.month


def _people(user: User, first: datetime.date) -> list[Person]:
    """Everyone in the user's scope who could count in the period: one query."""
    rows = (
        turnover_scope(user)
        # Someone marked left without a recorded leaving has no known last day: not counted.
        .filter(~Q(status=Employee.Status.LEFT) | Q(leaving__isnull=False))
        .filter(Q(leaving__isnull=True) | Q(leaving__last_day__gte=first))
        .annotate(
            last_day=F("leaving__last_day"),
            voluntary=F("leaving__is_voluntary"),
            reason_name=F("leaving__reason__name"),
            department_name=F("department__name"),
            role_family_name=F("role_family__name"),
            manager_first=F("manager__user__first_name"),
            manager_last=F("manager__user__last_name"),
            manager_email=F("manager__user__email"),
        )
        .values_list(
            "start_date",
            "last_day",
            "voluntary",
            "reason_name",
            "department_name",
            "role_family_name",
            "manager_first",
            "manager_last",
            "manager_email",
        )
    )
    people = []
    for start, last_day, voluntary, reason, department, family, m_first, m_last, m_email in rows:
        manager = f"{m_first or ''} {m_last or ''}".strip() or (m_email or "No manager")
        people.append(
            Person(
                start=start,
                last_day=last_day,
                voluntary=voluntary,
                reason=reason or "",
                department=department or "No department",
                role_family=family or "No role family",
                manager=manager,
            )
        )
    return people


class _Headcount:
    """Headcount on any day in O(log n): sorted start dates against sorted last days."""

    def __init__(self, people: list[Person]):
        self.starts = sorted(person.start for person in people)
        self.ends = sorted(person.last_day for person in people if person.last_day is not None)

    def on(self, day: datetime.date) -> int:
        # Started on or before the day, less those whose last day was before it.
        return bisect_right(self.starts, day) - bisect_left(self.ends, day)


def _groups(people: list[Person], months: list[Month], key: str) -> list[Group]:
    members: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        members[getattr(person, key)].append(person)
    first, last = months[0].first, months[-1].last
    groups = []
    for name, group_people in members.items():
        headcount = _Headcount(group_people)
        total = sum((headcount.on(m.first) + headcount.on(m.last)) / 2 for m in months)
        group = Group(name=name, average_headcount=round(total / len(months), 1))
        for person in group_people:
            if person.left_within(first, last):
                group.leavers += 1
                if person.voluntary:
                    group.voluntary += 1
                else:
                    group.involuntary += 1
        if group.average_headcount or group.leavers:
            groups.append(group)
    return sorted(groups, key=lambda group: (-(group.rate or 0), group.name))


def _fingerprint(user: User) -> tuple:
    """What changes when the report would: people (hires, status, moves) and leavings."""
    scope = turnover_scope(user)
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
    scope = "all" if user.is_hr else f"manager:{user.pk}"
    return report_cached(
        "turnover",
        (scope, months, today, _fingerprint(user)),
        lambda: _turnover_report(user, months=months, today=today),
    )


def _turnover_report(user: User, *, months: int, today: datetime.date) -> TurnoverReport:
    bounds = _month_bounds(today, months)
    people = _people(user, bounds[0][0])
    headcount = _Headcount(people)
    month_rows = [
        Month(
            first=first,
            last=last,
            headcount_start=headcount.on(first),
            headcount_end=headcount.on(last),
        )
        for first, last in bounds
    ]
    leavers = [p for p in people if p.left_within(bounds[0][0], bounds[-1][1])]
    for person in leavers:
        month = month_rows[_month_index(bounds, person.last_day)]
        month.leavers += 1
        if person.voluntary:
            month.voluntary += 1
        else:
            month.involuntary += 1
    early = []
    for days in EARLY_DAYS:
        count = sum(1 for p in leavers if (p.last_day - p.start).days < days)
        early.append((days, count, round(100 * count / len(leavers), 1) if leavers else None))
    reasons: Counter = Counter()
    for person in leavers:
        reasons[(person.reason, bool(person.voluntary))] += 1
    reason_rows = sorted(
        {(name, reasons[(name, True)], reasons[(name, False)]) for name, _voluntary in reasons},
        key=lambda row: (-(row[1] + row[2]), row[0]),
    )
    return TurnoverReport(
        first=bounds[0][0],
        last=bounds[-1][1],
        months=month_rows,
        leavers=len(leavers),
        voluntary=sum(1 for p in leavers if p.voluntary),
        involuntary=sum(1 for p in leavers if not p.voluntary),
        average_headcount=round(
            sum(month.average_headcount for month in month_rows) / len(month_rows), 1
        ),
        headcount_now=headcount.on(today),
        by_department=_groups(people, month_rows, "department"),
        by_role_family=_groups(people, month_rows, "role_family"),
        by_manager=_groups(people, month_rows, "manager"),
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
