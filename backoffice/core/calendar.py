"""The company's working-day calendar: one answer to "is this a working day?" for every app.

A working day is a weekday in REMINDER_WORKING_DAYS that is neither a public holiday of
HOLIDAYS_COUNTRY/HOLIDAYS_SUBDIVISION (from the `holidays` library) nor inside a company
closure HR entered in the admin (people.CompanyClosure). Onboarding's due dates land on working
days, and the reminders go out, and count days overdue for escalation, on the same calendar.

Build one `WorkingCalendar.company()` per request, sweep or batch: it reads the closures once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import cached_property

import holidays
from django.conf import settings

# A due date is never moved further than this looking for a working day; a calendar with no
# working day for a year is a misconfiguration, and the date stays as it was.
MAX_SEARCH_DAYS = 366


class WorkingCalendar:
    def __init__(
        self,
        *,
        working_weekdays: Iterable[int],
        country: str = "",
        subdivision: str = "",
        closures: Iterable[tuple[datetime.date, datetime.date]] = (),
    ) -> None:
        self.working_weekdays = frozenset(working_weekdays)  # ISO: Monday = 1
        self.country = country
        self.subdivision = subdivision
        self.closures = closures  # read on first need: a weekend never asks the database
        self._between: dict[tuple[datetime.date, datetime.date], int] = {}

    @classmethod
    def from_settings(cls, *, closures=()) -> WorkingCalendar:
        """Working weekdays and public holidays from settings; no database."""
        return cls(
            working_weekdays=settings.REMINDER_WORKING_DAYS,
            country=settings.HOLIDAYS_COUNTRY,
            subdivision=settings.HOLIDAYS_SUBDIVISION,
            closures=closures,
        )

    @classmethod
    def company(cls) -> WorkingCalendar:
        """The company's calendar: settings plus HR's closure days (one query, when needed)."""
        from backoffice.people.models import CompanyClosure

        return cls.from_settings(
            closures=CompanyClosure.objects.values_list("first_day", "last_day")
        )

    @cached_property
    def _public_holidays(self) -> holidays.HolidayBase | dict:
        if not self.country:
            return {}
        # Years are filled in as dates are asked about (the library's `expand`).
        return holidays.country_holidays(self.country, subdiv=self.subdivision or None)

    @cached_property
    def _closed_days(self) -> frozenset[datetime.date]:
        days = set()
        for first, last in self.closures:
            day = first
            while day <= last:
                days.add(day)
                day += datetime.timedelta(days=1)
        return frozenset(days)

    def day_off_reason(self, day: datetime.date) -> str:
        """Why `day` is not a working day ("" when it is one): the weekend, a holiday's name…"""
        if day.isoweekday() not in self.working_weekdays:
            return "not a working day of the week"
        name = self._public_holidays.get(day)
        if name:
            return name
        if day in self._closed_days:
            return "company closure"
        return ""

    def is_working_day(self, day: datetime.date) -> bool:
        return not self.day_off_reason(day)

    def on_or_after(self, day: datetime.date) -> datetime.date:
        """`day` if it is a working day, else the next one."""
        return self._walk(day, +1)

    def on_or_before(self, day: datetime.date) -> datetime.date:
        """`day` if it is a working day, else the one before."""
        return self._walk(day, -1)

    def _walk(self, day: datetime.date, step: int) -> datetime.date:
        candidate = day
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += datetime.timedelta(days=step)
        return day

    def due_date(self, start: datetime.date, offset_days: int) -> datetime.date:
        """The date `offset_days` calendar days from `start`, moved onto a working day.

        Work due on or after day one moves later (day 5 on a Saturday is due on Monday, or on
        Tuesday when Monday is a holiday); work due before day one moves earlier, so what must
        be ready for the first day is still ready in time.
        """
        day = start + datetime.timedelta(days=offset_days)
        return self.on_or_before(day) if offset_days < 0 else self.on_or_after(day)

    def working_days_between(self, since: datetime.date, until: datetime.date) -> int:
        """Working days after `since` up to and including `until` (0 when until <= since).

        Escalation counts days overdue this way: a task due on Friday is one working day late
        on Monday, not three.
        """
        if until <= since:
            return 0
        if (since, until) in self._between:  # a sweep asks about the same few due dates
            return self._between[since, until]
        count = 0
        day = since + datetime.timedelta(days=1)
        while day <= until:
            count += self.is_working_day(day)
            day += datetime.timedelta(days=1)
        self._between[since, until] = count
        return count
