"""Count-light pagination for lists that can hold a hundred thousand rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most `cap` rows, so a page never pays for counting the whole table.

    Past the cap the list offers its first `cap` rows (40 pages of 25): the pagination partial
    shows "1,000+" and the page asks for narrower filters. Counting stops at cap + 1 rows
    (COUNT over a LIMITed subquery), whatever the filters match.
    """

    def __init__(self, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Without the ORDER BY: the order does not change how many rows there are, and keeping
        # it would make PostgreSQL walk the sort's index instead of the filter's.
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
