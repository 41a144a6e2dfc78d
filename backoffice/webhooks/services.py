"""Every write of the webhooks: events into deliveries, sending, the sweep and HR's replay.

Delivery guarantee, per delivery: at least once, and once in the normal course. A sender claims
the row with SELECT … FOR UPDATE SKIP LOCKED and holds that lock while it calls the endpoint,
then records the attempt and the outcome in the same transaction; two workers never send the
same row at once. A worker killed mid-request leaves the row pending (its transaction rolls
back) and the sweep sends it again: the one window for a second copy is between the
receiver's answer and the commit, and the copy carries the same event id, so receivers drop
it. A failed attempt (no answer, a timeout, anything but 2xx) is retried with exponential
back-off up to WEBHOOK_MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.notifications.schedule import retry_delay_seconds
from backoffice.webhooks import client, signing
from backoffice.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    secret_generate,
)

logger = logging.getLogger(__name__)

# The web host that wrote a row may run slightly ahead of the worker's clock.
CLOCK_SKEW_SECONDS = 5
USER_AGENT = "Backoffice-Webhooks/1"


@dataclass
class SendReport:
    sent: bool = False
    retry_in: float | None = None  # a failed attempt waits this long before the next


def webhook_event_record(
    *, key: str, event_type: str, data: dict, created_at: datetime.datetime
) -> WebhookEvent | None:
    """An outbox event becomes one webhook event and one delivery per subscribed endpoint.

    Runs in the outbox handler's transaction and may run again for the same key (a crash after
    its commit): the event and each (event, endpoint) delivery are made once. Nothing is
    stored when no active endpoint subscribes.
    """
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if endpoint.subscribes_to(event_type)
    ]
    if not endpoints:
        return None
    event, _ = WebhookEvent.objects.get_or_create(
        key=key, defaults={"type": event_type, "data": data, "created_at": created_at}
    )
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, endpoint=e, next_attempt_at=now) for e in endpoints],
        ignore_conflicts=True,
    )
    pending = event.deliveries.filter(status=DeliveryStatus.PENDING).values_list("id", flat=True)
    for delivery_id in pending:
        transaction.on_commit(partial(_queue, delivery_id))
    return event


def _queue(delivery_id: int) -> None:
    from backoffice.webhooks.tasks import webhook_delivery_send_task

    # False loses nothing: the row stays pending and the sweep queues it again.
    enqueue(webhook_delivery_send_task, delivery_id)


def delivery_body(event: WebhookEvent) -> bytes:
    """The JSON a receiver gets: the same bytes on every attempt and replay of the event."""
    document = {
        "id": str(event.event_id),
        "type": event.type,
        "created": event.created_at.astimezone(datetime.UTC).isoformat(),
        "data": event.data,
    }
    return json.dumps(document, cls=DjangoJSONEncoder, sort_keys=True).encode()


def delivery_headers(event: WebhookEvent, secret: str, body: bytes, timestamp: int) -> dict:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_ID_HEADER: str(event.event_id),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature_header(secret, timestamp, body),
    }


def webhook_delivery_send(*, delivery_id: int) -> SendReport:
    """Send one delivery if it is due and no other worker holds it; record the attempt."""
    report = SendReport()
    now = timezone.now() + datetime.timedelta(seconds=CLOCK_SKEW_SECONDS)
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "endpoint")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is not None:
            _send_claimed(delivery, report)
    return report


def _send_claimed(delivery: WebhookDelivery, report: SendReport) -> None:
    endpoint, event = delivery.endpoint, delivery.event
    delivery.attempts += 1
    attempt = WebhookAttempt(delivery=delivery, number=delivery.attempts, started_at=timezone.now())
    permanent = False
    if not endpoint.is_active:
        attempt.error, permanent = "The endpoint is switched off: not sent.", True
    else:
        body = delivery_body(event)
        headers = delivery_headers(event, endpoint.secret, body, int(time.time()))
        started = time.monotonic()
        try:
            answer = client.post(endpoint.url, body=body, headers=headers)
        except client.RefusedTarget as error:
            attempt.error, permanent = str(error)[:500], True
        except Exception as error:  # no answer: recorded and retried, never lost
            attempt.error = f"{type(error).__name__}: {error}"[:500]
        else:
            attempt.status_code = answer.status
            attempt.response_excerpt = answer.excerpt
            if not attempt.succeeded:
                attempt.error = f"HTTP {answer.status}"
        attempt.duration_ms = int((time.monotonic() - started) * 1000)
    attempt.save()
    _outcome(delivery, attempt, permanent, report)


def _outcome(
    delivery: WebhookDelivery, attempt: WebhookAttempt, permanent: bool, report: SendReport
) -> None:
    delivery.last_status_code = attempt.status_code
    delivery.last_error = attempt.error
    if attempt.succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        report.sent = True
    elif permanent or delivery.attempts - delivery.attempts_at_replay >= (
        settings.WEBHOOK_MAX_ATTEMPTS
    ):
        delivery.status = DeliveryStatus.FAILED
        logger.error("Webhook delivery %s failed for good: %s", delivery.pk, attempt.error)
    else:
        delay = webhook_retry_delay(delivery.attempts - delivery.attempts_at_replay)
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
        report.retry_in = delay
        logger.warning(
            "Webhook delivery %s: try %s failed (%s); next in %.0fs",
            delivery.pk,
            delivery.attempts,
            attempt.error,
            delay,
        )
    delivery.save(
        update_fields=[
            "attempts",
            "status",
            "last_status_code",
            "last_error",
            "delivered_at",
            "next_attempt_at",
        ]
    )


def webhook_retry_delay(failed_attempts: int) -> float:
    """base·2^(n-1) seconds after the n-th failure (capped at an hour), plus up to one base."""
    return retry_delay_seconds(failed_attempts, base=settings.WEBHOOK_RETRY_BASE_SECONDS)


def webhook_deliveries_queue_due(*, limit: int = 500) -> int:
    """Beat's sweep: queue a send for each due delivery no worker holds right now.

    Finds the retries whose back-off has run out and the rows whose task was lost (a killed
    worker, a broker that was down when the event was recorded). A row queued twice is sent
    once: the sender claims it and sends only while it is due.
    """
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.due(timezone.now())
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .values_list("id", flat=True)[:limit]
        )
    for delivery_id in due:
        _queue(delivery_id)
    return len(due)


def webhook_deliveries_replay(*, delivery_ids, by) -> int:
    """HR sends deliveries again, with the same event id and a fresh set of tries.

    A delivered one is sent once more (the receiver lost it); a failed one after its endpoint
    was fixed. Each send is a new attempt row; nothing already recorded changes.
    """
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can replay webhook deliveries.")
    with transaction.atomic():
        rows = list(WebhookDelivery.objects.select_for_update().filter(id__in=list(delivery_ids)))
        for delivery in rows:
            delivery.status = DeliveryStatus.PENDING
            delivery.attempts_at_replay = delivery.attempts
            delivery.next_attempt_at = timezone.now()
            delivery.delivered_at = None
            delivery.save(
                update_fields=["status", "attempts_at_replay", "next_attempt_at", "delivered_at"]
            )
            transaction.on_commit(partial(_queue, delivery.pk))
    logger.info("%s replayed %s webhook delivery(ies)", by.email, len(rows))
    return len(rows)


def webhook_endpoint_secret_roll(*, endpoint: WebhookEndpoint, by) -> WebhookEndpoint:
    """A new signing secret; deliveries from now on are signed with it."""
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can change a webhook secret.")
    endpoint.secret = secret_generate()
    endpoint.save(update_fields=["secret"])
    logger.info("%s rolled the secret of webhook endpoint %s", by.email, endpoint.pk)
    return endpoint
