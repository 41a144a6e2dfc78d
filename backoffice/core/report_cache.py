"""Reports computed over a whole company, kept in the cache while their data do not change.

A report is stored under a key built from a fingerprint of its data (counts, newest ids and
change times, read in one query), so a new leaver or hire makes the next view compute afresh,
and it expires after REPORT_CACHE_SECONDS in any case (an edit the fingerprint misses is seen
by then). The cache failing never fails the page: the report is then computed each time.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _key(name: str, parts: tuple) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"report:{name}:{digest}"


def report_cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    seconds = settings.REPORT_CACHE_SECONDS
    if not seconds:
        return compute()
    key = _key(name, parts)
    try:
        found = cache.get(key)
    except Exception:  # a cache that is down: compute (fail open)
        logger.warning("Report cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if found is not None:
        return found
    return _store(name, key, compute(), seconds)


def report_store(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """Compute the report afresh and store it where report_cached(name, parts) will find it
    (the background refresh: backoffice/core/report_refresh.py)."""
    report = compute()
    if settings.REPORT_CACHE_SECONDS:
        _store(name, _key(name, parts), report, settings.REPORT_CACHE_SECONDS)
    return report


def _store(name: str, key: str, report: T, seconds: int) -> T:
    try:
        cache.set(key, report, seconds)
    except Exception:
        logger.warning("Report cache unavailable; %s not stored", name, exc_info=True)
    return report


def report_html(name: str, version: str, render: Callable[[], str]) -> SafeString:
    """A report's HTML, rendered once per computed report (`version` names it: who may see
    which parts, and when it was computed) and kept as long as a report is. A company-wide
    report is thousands of template variables: rendering it cost more than reading it (53 of
    58 ms for the hiring signals at 50,000 candidates, issue 22). Fails open as above."""
    seconds = settings.REPORT_CACHE_SECONDS
    if not seconds:
        return mark_safe(render())  # noqa: S308 (rendered by a template, escaped there)
    key = f"report-html:{name}:{version}"
    try:
        found = cache.get(key)
    except Exception:
        logger.warning("Report cache unavailable; rendering %s", name, exc_info=True)
        found = None
    if found is None:
        found = render()
        _store(name, key, found, seconds)
    return mark_safe(found)  # noqa: S308
