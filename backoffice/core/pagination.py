"""Count-light pagination for lists that can hold a million rows.

`EstimatedCountPaginator` counts exactly up to `exact_below` rows (COUNT over a LIMITed
subquery, so it stops there whatever the filters match). Past that, the count is PostgreSQL's
planner estimate for the same query (EXPLAIN, in the same single query through the
`backoffice_count_estimate` function of this app's migration), and the page says "about N".
OFFSET gets slower the deeper the page, so past the exact threshold the list offers its first
`exact_below` rows (40 pages of 25 at the default): the partial says so and asks for narrower
filters or another sort. Every page offered is therefore a full, correct page, and a page number
past the last one offered shows the last one, never an error.

One query whatever the size, estimated or not (the query budget tests count it). Elsewhere than
PostgreSQL (the SQLite test fallback) the count is always exact.
"""

from __future__ import annotations

from math import ceil

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Window
from django.utils.functional import cached_property

from backoffice.core.late_join import late_joined

EXACT_BELOW = 1_000
ESTIMATE_FUNCTION = "backoffice_count_estimate"


class _ListedPage(Page):
    def end_index(self) -> int:
        return min(self.number * self.paginator.per_page, self.paginator.listed)


class EstimatedCountPaginator(Paginator):
    def __init__(self, *args, exact_below: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exact_below = EXACT_BELOW if exact_below is None else exact_below

    def _get_page(self, *args, **kwargs) -> Page:
        return _ListedPage(*args, **kwargs)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        """(the count, whether it is the planner's estimate)."""
        rows = self.object_list
        if not hasattr(rows, "query"):
            return len(rows), False
        # Without the ORDER BY: the order does not change how many rows there are, and keeping
        # it would make PostgreSQL walk the sort's index instead of the filter's.
        rows = rows.order_by()
        connection = connections[rows.db]
        if connection.vendor != "postgresql":
            return rows.count(), False
        # The subquery needs no columns to be counted: Django's own count() does the same.
        try:
            inner_sql, inner_params = rows.values("pk")[
                : self.exact_below + 1
            ].query.sql_with_params()
            full_sql, full_params = rows.values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter no row can match (an id past bigint, say): none
            return 0, False
        with connection.cursor() as cursor:
            full_text = cursor.cursor.mogrify(full_sql, full_params)
            if isinstance(full_text, bytes):
                full_text = full_text.decode()
            cursor.execute(
                f"SELECT n, CASE WHEN n > %s THEN {ESTIMATE_FUNCTION}(%s) END "  # noqa: S608
                f"FROM (SELECT COUNT(*) AS n FROM ({inner_sql}) AS listed) AS counted",
                [self.exact_below, full_text, *inner_params],
            )
            counted, estimate = cursor.fetchone()
        if counted <= self.exact_below:
            return counted, False
        # An estimate never says fewer rows than were counted.
        return max(int(estimate or 0), self.exact_below + 1), True

    @property
    def estimated(self) -> bool:
        """The count is the planner's estimate (more rows than exact_below)."""
        return self._counted[1]

    @property
    def capped(self) -> bool:
        """Past the threshold the pages offer the first exact_below rows only."""
        return self.count > self.listed

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def rounded_count(self) -> int:
        """The estimate to two significant figures (1,234,567 reads as about 1,200,000)."""
        if not self.estimated:
            return self.count
        step = 10 ** max(len(str(self.count)) - 2, 0)
        return round(self.count / step) * step

    @property
    def listed(self) -> int:
        """How many rows the pages offer: all of them, or the first exact_below when the
        count is an estimate (OFFSET past that gets slow)."""
        return min(self.count, self.exact_below) if self.estimated else self.count

    @cached_property
    def num_pages(self) -> int:
        if self.listed == 0 and not self.allow_empty_first_page:
            return 0
        hits = max(1, self.listed - self.orphans)
        return ceil(hits / self.per_page)

    @cached_property
    def estimated_pages(self) -> int:
        return ceil(self.count / self.per_page) if self.count else 1

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.listed:
            top = self.listed
        return self._get_page(self.object_list[bottom:top], number, self)


# The name before the estimate, kept for code written against it: the same paginator.
CappedPaginator = EstimatedCountPaginator


class WindowCountPaginator(EstimatedCountPaginator):
    """For a list that holds at most `exact_below` rows by construction (the candidate search
    ranks the newest 1,000 matches): the count comes with the page, as a window count over the
    rows, instead of a query of its own that would find them all again. A page past the end
    (no rows) falls back to counting first."""

    def get_page(self, number) -> Page:
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        # The list holds at most exact_below rows: a number past its last page (up to 23
        # digits, an OFFSET past bigint) counts first and shows the last page.
        number = min(number, ceil(self.exact_below / self.per_page) + 1)
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(listed_total=Window(Count("pk")))
        # Counted, sorted and cut before the related rows are joined (late_join.py).
        rows = late_joined(counted, bottom, bottom + self.per_page)
        if not rows:
            return super().get_page(number)
        total = rows[0].listed_total
        self.__dict__["_counted"] = (total, False)
        self.__dict__["count"] = total
        return self._get_page(rows, number, self)
