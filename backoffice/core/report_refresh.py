"""Company-wide reports refreshed in the background, so that a page normally only reads them.

A domain app registers a refresher (it computes its reports for the company-wide audiences and
stores them under the current fingerprint with report_cache.report_store) with the durable
events that change its data; a write path whose change is not such an event calls
`reports_refresh_soon()` on commit. A burst of changes makes one refresh: the first takes a
pending mark in the cache (cache.add) and queues the task REPORT_REFRESH_DELAY_SECONDS later;
the task drops the mark before it reads, so a change made while it computes queues the next.
Beat runs it just after midnight too, as the reports depend on the date.

Nothing here is needed for a page to be right: a page whose entry is missing computes it
(report_cached), and with a cache local to each process (no CACHE_URL) a worker's refresh
would land where no page reads it, so nothing is queued then unless tasks run in-process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from backoffice.notifications.events import event_handler

logger = logging.getLogger(__name__)

PENDING_KEY = "report-refresh:pending"
# A lost task (a worker that died) would leave the mark: it expires, and the next change queues.
PENDING_GRACE_SECONDS = 120
_refreshers: dict[str, Callable[[], None]] = {}


def report_refresher(name: str, *, events: tuple[str, ...] = ()):
    """Register `refresh()` for report `name`, run after each of `events` (debounced)."""

    def register(refresh: Callable[[], None]) -> Callable[[], None]:
        _refreshers[name] = refresh
        for event in events:
            # One handler per event, whichever reports listen: one outbox row, one queueing.
            event_handler(event, handler_id="reports.refresh")(_on_event)
        return refresh

    return register


def _on_event(payload: dict) -> None:
    reports_refresh_soon()


def _cache_shared_with_pages() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    local = backend.endswith(("LocMemCache", "DummyCache"))
    return settings.CELERY_TASK_ALWAYS_EAGER or not local


def reports_refresh_soon() -> bool:
    """Queue one refresh of every registered report; False when one is pending already (it
    reads this change too) or there is nothing to do."""
    enabled = settings.REPORT_REFRESH and settings.REPORT_CACHE_SECONDS
    if not (enabled and _refreshers and _cache_shared_with_pages()):
        return False
    delay = settings.REPORT_REFRESH_DELAY_SECONDS
    try:
        if not cache.add(PENDING_KEY, 1, delay + PENDING_GRACE_SECONDS):
            return False
    except Exception:  # the cache is down: pages compute their reports (fail open)
        logger.warning("Report cache unavailable; reports not refreshed", exc_info=True)
        return False
    from backoffice.celery import enqueue
    from backoffice.core.tasks import reports_refresh_task

    if not enqueue(reports_refresh_task, countdown=delay):
        _pending_drop()  # the next change tries again
        return False
    return True


def _pending_drop() -> None:
    try:
        cache.delete(PENDING_KEY)
    except Exception:
        logger.warning("Report cache unavailable", exc_info=True)


def reports_refresh() -> list[str]:
    """Compute and store every registered report now; the names of those refreshed."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        _pending_drop()  # before reading: a change from now on queues another refresh
    # In-process (eager) runs keep the mark for its time instead: a burst of changes in one
    # process (a seeding script) refreshes once, not once per change.
    if not settings.REPORT_CACHE_SECONDS:
        return []
    done = []
    for name, refresh in _refreshers.items():
        try:
            refresh()
        except Exception:  # one report failing leaves the others fresh; its page computes
            logger.exception("Refreshing report %s failed", name)
        else:
            done.append(name)
    return done
