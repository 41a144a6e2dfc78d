"""What /healthz reports: can we reach the database, and the broker when one is configured."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_CHECK_TIMEOUT = 2


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: database unreachable: %s", error)
        return "unreachable"
    return "ok"


def broker_status() -> str | None:
    """None when tasks run in-process (no broker configured)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return None
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_CHECK_TIMEOUT) as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_CHECK_TIMEOUT)
    except Exception as error:  # kombu raises transport-specific errors
        logger.error("Health check: broker unreachable: %s", error)
        return "unreachable"
    return "ok"
