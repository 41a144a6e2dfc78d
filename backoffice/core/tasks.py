from celery import shared_task

from backoffice.core.services import sessions_clear_expired


@shared_task
def sessions_clear_expired_task() -> None:
    sessions_clear_expired()
