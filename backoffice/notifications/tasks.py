"""Thin Celery tasks: the beat sweep and one digest send per recipient."""

from celery import shared_task

from backoffice.notifications.services import reminder_digest_send, reminders_sweep


@shared_task(soft_time_limit=25 * 60, time_limit=30 * 60)
def reminders_sweep_task() -> None:
    reminders_sweep()


@shared_task(bind=True, max_retries=None)
def reminder_digest_send_task(self, recipient_id: int, respect_schedule: bool = True) -> None:
    # REMINDER_MAX_ATTEMPTS is counted on the ledger rows, which also survive a lost message.
    outcome = reminder_digest_send(recipient_id=recipient_id, respect_schedule=respect_schedule)
    # In-process (no broker) a retry would run at once, inside the sweep; the next sweep
    # picks the rows up when their back-off has run out instead.
    if outcome.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=outcome.retry_in)
