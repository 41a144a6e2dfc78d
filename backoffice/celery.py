"""The Celery application: configuration comes from Django settings (CELERY_*)."""

from __future__ import annotations

import logging
import os

from celery import Celery, signals
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")

app = Celery("backoffice")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@signals.worker_init.connect
@signals.worker_process_init.connect
def _database_timeouts_for_tasks(**_kwargs) -> None:
    """A worker runs with the longer task limits (DATABASE_*_TIMEOUT_MS_TASK), not the web's.

    Connected in the worker's main process and in each pool process, before either opens a
    connection; a connection opened earlier is closed so the next one uses the new options.
    """
    from django.conf import settings
    from django.db import connections

    options = settings.DATABASE_SESSION_OPTIONS_TASK
    if options is None:  # not PostgreSQL
        return
    for alias in connections:
        connection = connections[alias]
        connection.settings_dict.setdefault("OPTIONS", {})["options"] = options
        connection.close()


def enqueue(task, *args, countdown: float | None = None, **kwargs) -> bool:
    """Queue `task`, returning False instead of raising when the broker is unreachable.

    Publishing is bounded by the broker timeouts in settings, so a request never hangs on a
    dead Redis. Work that matters is also found again by the beat sweeps, which compute what
    is due from the database; a message lost here is caught up there.
    """
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
    except OperationalError:
        logger.warning("Broker unreachable: %s not queued now; the next sweep retries.", task.name)
        return False
    return True
