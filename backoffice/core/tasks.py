from celery import shared_task

from backoffice.core.services import sessions_clear_expired


@shared_task
def sessions_clear_expired_task() -> None:
    sessions_clear_expired()


@shared_task
def reports_refresh_task() -> None:
    from backoffice.core.report_refresh import reports_refresh

    reports_refresh()
