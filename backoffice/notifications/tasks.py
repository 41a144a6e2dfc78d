"""Thin Celery tasks: the reminder sweep and digests, the outbox relay and its sweep."""

from celery import shared_task

from backoffice.notifications.services import reminder_digest_send, reminders_sweep
from backoffice.notifications.services.outbox import (
    outbox_events_process,
    outbox_message_send,
    outbox_sweep,
)


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


# The outbox counts tries on its rows (OUTBOX_MAX_ATTEMPTS), which survive a lost message;
# a retry here only brings the next try forward from the next sweep to its back-off time.
@shared_task(bind=True, max_retries=None)
def outbox_message_send_task(self, message_id: int) -> None:
    report = outbox_message_send(message_id=message_id)
    if report.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=report.retry_in + 1)


@shared_task(bind=True, max_retries=None)
def outbox_events_process_task(self, key: str) -> None:
    report = outbox_events_process(key=key)
    if report.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=report.retry_in + 1)


@shared_task
def outbox_sweep_task() -> None:
    outbox_sweep()
