"""Two senders never send one delivery at once: the row lock is the claim (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from backoffice.webhooks.models import WebhookDelivery, WebhookEvent
from backoffice.webhooks.services import webhook_deliveries_queue_due, webhook_delivery_send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _delivery(endpoint) -> WebhookDelivery:
    # Written directly: through the handler, its task would already have run (in-process).
    event = WebhookEvent.objects.create(
        key="tests:1", type="employee.hired", data={"employee_id": 1}, created_at=timezone.now()
    )
    return WebhookDelivery.objects.create(
        event=event, endpoint=endpoint, next_attempt_at=timezone.now()
    )


def test_a_delivery_being_sent_is_skipped_by_other_senders_and_the_sweep(endpoint, receiver):
    delivery = _delivery(endpoint)
    held, release = threading.Event(), threading.Event()

    def other_sender():
        try:
            with transaction.atomic():
                WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert held.wait(10)
        assert not webhook_delivery_send(delivery_id=delivery.pk).sent
        assert webhook_deliveries_queue_due() == 0  # the sweep leaves a held row alone
        assert receiver.requests == []
    finally:
        release.set()
        thread.join()
    assert webhook_delivery_send(delivery_id=delivery.pk).sent
    assert len(receiver.requests) == 1


def test_senders_racing_for_one_delivery_send_it_once(endpoint, receiver):
    delivery = _delivery(endpoint)
    receiver.delay_seconds = 0.5  # the first sender holds the row while it waits
    results: list[bool] = []

    def send():
        try:
            results.append(webhook_delivery_send(delivery_id=delivery.pk).sent)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.DELIVERED, 1)
