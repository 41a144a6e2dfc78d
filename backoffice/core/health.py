"""What /healthz reports: the database, the broker and cache when configured, the outbox.

Every check is bounded: the database by its statement and lock timeouts, Redis by a connect
and a read timeout (REDIS_CONNECT_TIMEOUT, REDIS_SOCKET_TIMEOUT), so a server that hangs
instead of refusing makes the check answer "timeout" quickly rather than hang the worker.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)

# SQLSTATEs of a statement cut short by statement_timeout and by lock_timeout.
TIMEOUT_SQLSTATES = {"57014", "55P03"}


def health_report() -> tuple[dict, int]:
    """The report and its HTTP status: 503 only when the database fails (the app is down);
    "degraded" when something else is (queued work waits, but pages work)."""
    # Redis is asked in the background while the database answers, so that the slowest
    # of the checks, not their sum, bounds the answer.
    with ThreadPoolExecutor(max_workers=2) as pool:
        broker, cache = pool.submit(broker_status), pool.submit(cache_status)
        report: dict = {"database": database_status()}
        broker, cache = broker.result(), cache.result()
    if broker is not None:
        report["broker"] = broker
    if cache is not None:
        report["cache"] = cache
    if report["database"] == "ok":
        try:
            report.update(outbox_status())
        except DatabaseError as error:
            # A query cut short by a timeout is the database failing (pages fail the same
            # way); another error (a database not migrated yet) leaves the outbox unknown.
            if _timed_out(error):
                report["database"] = _database_error(error)
            else:
                logger.error("Health check: outbox not readable: %s", error)
                report["outbox"] = "unknown"
    healthy = report["database"] == "ok"
    checks = [value for value in report.values() if isinstance(value, str)]
    report["status"] = "ok" if all(value == "ok" for value in checks) else "degraded"
    if not healthy:
        report["status"] = "error"
    return report, 200 if healthy else 503


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return _database_error(error)
    return "ok"


def _timed_out(error: DatabaseError) -> bool:
    return getattr(error.__cause__, "pgcode", None) in TIMEOUT_SQLSTATES


def _database_error(error: DatabaseError) -> str:
    if _timed_out(error):
        logger.error("Health check: database query timed out: %s", error)
        return "timeout"
    logger.error("Health check: database unreachable: %s", error)
    return "unreachable"


def outbox_status() -> dict:
    """How long the oldest unsent email has waited; "stale" past OUTBOX_STALE_MINUTES."""
    from backoffice.notifications.selectors import outbox_oldest_pending_seconds

    waited = outbox_oldest_pending_seconds()
    stale = waited is not None and waited > settings.OUTBOX_STALE_MINUTES * 60
    return {
        "outbox": "stale" if stale else "ok",
        "outbox_oldest_pending_seconds": waited,
    }


def _redis_ping(url: str) -> str:
    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
            retry=Retry(NoBackoff(), 0),  # one try: the check reports, it does not wait
        )
        try:
            client.ping()
        finally:
            client.close()
    except redis.TimeoutError as error:
        logger.error("Health check: Redis at %s did not answer: %s", _host(url), error)
        return "timeout"
    except redis.RedisError as error:
        logger.error("Health check: Redis at %s unreachable: %s", _host(url), error)
        return "unreachable"
    return "ok"


def _host(url: str) -> str:
    return url.rsplit("@", 1)[-1]  # no password in the log


def broker_status() -> str | None:
    """None when tasks run in-process (no broker configured)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        return _redis_ping(url)
    timeout = settings.REDIS_CONNECT_TIMEOUT
    try:
        with Connection(url, connect_timeout=timeout) as broker:
            broker.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as error:  # kombu raises transport-specific errors
        logger.error("Health check: broker unreachable: %s", error)
        return "unreachable"
    return "ok"


def cache_status() -> str | None:
    """None without a shared cache (CACHE_URL unset)."""
    return _redis_ping(settings.CACHE_URL) if settings.CACHE_URL else None
