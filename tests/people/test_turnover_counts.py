"""The turnover report counted in SQL equals the per-employee count it replaced, to the byte.

The reference below is the former implementation (one row per employee, counted in Python),
kept as the definition the aggregates must reproduce on random companies.
"""

import calendar
import dataclasses
import datetime
import random
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict

import pytest
from django.db.models import Q

from backoffice.people.models import Department, Employee, Leaving, LeavingReason, RoleFamily
from backoffice.people.roles import Role
from backoffice.people.turnover import (
    EARLY_DAYS,
    PERIODS,
    Group,
    Month,
    TurnoverReport,
    _month_bounds,
    _turnover_report,
    turnover_csv_rows,
    turnover_scope,
)
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- The reference: the former per-employee computation --------------------------------------
@dataclasses.dataclass
class Person:
    start: datetime.date
    last_day: datetime.date | None
    voluntary: bool | None
    reason: str
    department: str
    role_family: str
    manager: str

    def left_within(self, first, last) -> bool:
        return self.last_day is not None and first <= self.last_day <= last


def _people(user, first):
    rows = (
        turnover_scope(user)
        .filter(~Q(status=Employee.Status.LEFT) | Q(leaving__isnull=False))
        .filter(Q(leaving__isnull=True) | Q(leaving__last_day__gte=first))
        .values_list(
            "start_date", "leaving__last_day", "leaving__is_voluntary", "leaving__reason__name",
            "department__name", "role_family__name", "manager__user__first_name",
            "manager__user__last_name", "manager__user__email",
        )
    )  # fmt: skip
    people = []
    for start, last_day, voluntary, reason, department, family, m_first, m_last, m_email in rows:
        manager = f"{m_first or ''} {m_last or ''}".strip() or (m_email or "No manager")
        people.append(
            Person(start, last_day, voluntary, reason or "", department or "No department",
                   family or "No role family", manager)
        )  # fmt: skip
    return people


class _Headcount:
    def __init__(self, people):
        self.starts = sorted(person.start for person in people)
        self.ends = sorted(person.last_day for person in people if person.last_day is not None)

    def on(self, day):
        return bisect_right(self.starts, day) - bisect_left(self.ends, day)


def _groups(people, months, key):
    members = defaultdict(list)
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


def reference_report(user, *, months, today):
    bounds = _month_bounds(today, months)
    people = _people(user, bounds[0][0])
    headcount = _Headcount(people)
    month_rows = [
        Month(first=a, last=b, headcount_start=headcount.on(a), headcount_end=headcount.on(b))
        for a, b in bounds
    ]
    leavers = [p for p in people if p.left_within(bounds[0][0], bounds[-1][1])]
    for person in leavers:
        first = bounds[0][0]
        index = (person.last_day.year - first.year) * 12 + person.last_day.month - first.month
        month = month_rows[index]
        month.leavers += 1
        if person.voluntary:
            month.voluntary += 1
        else:
            month.involuntary += 1
    early = []
    for days in EARLY_DAYS:
        count = sum(1 for p in leavers if (p.last_day - p.start).days < days)
        early.append((days, count, round(100 * count / len(leavers), 1) if leavers else None))
    reasons = Counter()
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


# --- Random companies ------------------------------------------------------------------------
TODAY = datetime.date(2026, 6, 15)


def _random_company(rng: random.Random, size: int):
    departments = [Department.objects.create(name=f"Dept {i}") for i in range(3)] + [None]
    families = [*list(RoleFamily.objects.all()[:3]), None]
    reasons = list(LeavingReason.objects.all()[:4])
    managers = [
        EmployeeFactory(
            start_date=datetime.date(2020, 1, 1),
            # Two managers of one name: the page shows them as one row.
            user__first_name="Sam" if i < 2 else f"Boss{i}",
            user__last_name="Lee" if i < 2 else "",
        )
        for i in range(4)
    ]
    managers[3].user.first_name = ""
    managers[3].user.save()  # no name: shown by email
    people = []
    for _ in range(size):
        start = TODAY - datetime.timedelta(days=rng.randint(-60, 1200))
        if rng.random() < 0.08:  # month boundaries are where off-by-one errors live
            start = start.replace(
                day=rng.choice([1, calendar.monthrange(start.year, start.month)[1]])
            )
        employee = EmployeeFactory(
            start_date=start,
            department=rng.choice(departments),
            role_family=rng.choice(families),
            manager=rng.choice([*managers, None]),
        )
        people.append(employee)
        roll = rng.random()
        if roll < 0.45:
            last_day = start + datetime.timedelta(
                days=rng.choice([0, 30, 89, 90, 179, 180, 364, 365, rng.randint(0, 900)])
            )
            if rng.random() < 0.1:
                last_day = last_day.replace(day=1)
            Leaving.objects.create(
                employee=employee, last_day=last_day, is_voluntary=rng.random() < 0.6,
                reason=rng.choice(reasons),
            )  # fmt: skip
            status = Employee.Status.LEFT if last_day < TODAY else Employee.Status.LEAVING
            Employee.objects.filter(pk=employee.pk).update(status=status)
        elif roll < 0.5:  # marked left with no recorded leaving: not counted
            Employee.objects.filter(pk=employee.pk).update(status=Employee.Status.LEFT)
    return managers


def _comparable(report: TurnoverReport) -> str:
    fields = dataclasses.asdict(report)
    fields.pop("computed_at")
    return repr(fields) + repr(turnover_csv_rows(report)) + repr(report.chart_data())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_counts_in_sql_equal_the_per_employee_count(seed):
    rng = random.Random(seed)
    managers = _random_company(rng, 60)
    hr = UserFactory(roles=[Role.HR])
    users = [hr, managers[0].user, managers[2].user]
    days = [
        TODAY,
        datetime.date(2026, 3, 1),
        datetime.date(2026, 2, 28),
        datetime.date(2025, 12, 31),
    ]
    for user in users:
        for today in days:
            for months in (*PERIODS, 1):
                expected = _comparable(reference_report(user, months=months, today=today))
                assert (
                    _comparable(_turnover_report(turnover_scope(user), months=months, today=today))
                    == expected
                )


def test_an_empty_scope_gives_the_same_empty_report():
    hr = UserFactory(roles=[Role.HR])
    Employee.objects.all().delete()
    assert _comparable(_turnover_report(turnover_scope(hr), months=12, today=TODAY)) == _comparable(
        reference_report(hr, months=12, today=TODAY)
    )
