"""Thin Celery tasks: send one delivery; the beat sweep that finds the due ones."""

from celery import shared_task

from backoffice.webhooks.services import webhook_deliveries_queue_due, webhook_delivery_send


# Tries are counted on the delivery row (WEBHOOK_MAX_ATTEMPTS), which survives a lost message;
# a retry here only brings the next try forward from the next sweep to its back-off time.
@shared_task(bind=True, max_retries=None, soft_time_limit=120, time_limit=150)
def webhook_delivery_send_task(self, delivery_id: int) -> None:
    report = webhook_delivery_send(delivery_id=delivery_id)
    if report.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=report.retry_in + 1)


@shared_task
def webhook_deliveries_sweep_task() -> None:
    webhook_deliveries_queue_due()
