"""Events into deliveries, sending with signatures, retries with back-off, each attempt kept,
the sweep, replay, and the guards (timeouts, private addresses)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from backoffice.webhooks import client, signing
from backoffice.webhooks.catalog import EventType
from backoffice.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from backoffice.webhooks.services import (
    webhook_deliveries_queue_due,
    webhook_deliveries_replay,
    webhook_delivery_send,
    webhook_event_record,
)

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def _record(key="recruiting.application_created:7", event_type=EventType.APPLICATION_CREATED):
    return webhook_event_record(
        key=key,
        event_type=event_type,
        data={"application_id": 7, "stage": "applied"},
        created_at=timezone.now(),
    )


def _due_now(delivery: WebhookDelivery) -> None:
    # The back-off has run out (tests move the row's clock rather than wait).
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_an_event_makes_one_delivery_per_subscribed_active_endpoint_once(endpoint):
    only_hires = WebhookEndpoint.objects.create(url=endpoint.url, events=[EventType.EMPLOYEE_HIRED])
    switched_off = WebhookEndpoint.objects.create(
        url=endpoint.url, events=list(EventType.values), is_active=False
    )
    first = _record()
    second = _record()  # the outbox handler ran again for the same event
    assert first.pk == second.pk
    assert WebhookEvent.objects.count() == 1
    assert list(WebhookDelivery.objects.values_list("endpoint_id", flat=True)) == [endpoint.pk]
    assert not WebhookDelivery.objects.filter(endpoint__in=[only_hires, switched_off]).exists()


def test_an_event_nobody_subscribes_to_stores_nothing(db):
    WebhookEndpoint.objects.create(url="https://example.com/h", events=["employee.hired"])
    assert _record() is None
    assert not WebhookEvent.objects.exists()


def test_a_delivery_is_signed_json_with_the_event_id(endpoint, receiver):
    event = _record()
    delivery = event.deliveries.get()
    report = webhook_delivery_send(delivery_id=delivery.pk)
    assert report.sent
    [request] = receiver.requests
    document = json.loads(request.body)
    assert document == {
        "id": str(event.event_id),
        "type": "application.created",
        "created": event.created_at.astimezone(datetime.UTC).isoformat(),
        "data": {"application_id": 7, "stage": "applied"},
    }
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers[signing.EVENT_ID_HEADER] == str(event.event_id)
    timestamp = request.headers[signing.TIMESTAMP_HEADER]
    assert request.headers[signing.SIGNATURE_HEADER].startswith(f"t={timestamp},v1=")
    assert request.signed_by(endpoint.secret)
    assert not request.signed_by("whsec_someone-else")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        Status.DELIVERED,
        1,
        200,
    )
    attempt = delivery.attempt_rows.get()
    assert (attempt.number, attempt.status_code, attempt.error) == (1, 200, "")
    assert attempt.response_excerpt == '{"ok": true}'
    # Delivered: nothing more goes out, whoever asks.
    assert not webhook_delivery_send(delivery_id=delivery.pk).sent
    assert len(receiver.requests) == 1


def test_failures_back_off_exponentially_then_fail_for_good(endpoint, receiver, settings):
    receiver.answers = [500, 502, 503, 500]
    delivery = _record().deliveries.get()
    delays = []
    for number in range(1, 5):
        before = timezone.now()
        report = webhook_delivery_send(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert delivery.attempts == number
        if number < settings.WEBHOOK_MAX_ATTEMPTS:
            assert delivery.status == Status.PENDING
            delays.append((delivery.next_attempt_at - before).total_seconds())
            assert report.retry_in is not None
            # Not due yet: asking again sends nothing.
            assert not webhook_delivery_send(delivery_id=delivery.pk).sent
            assert len(receiver.requests) == number
            _due_now(delivery)
    # base·2^(n-1) plus up to one base of jitter: 30-60 s, 60-90 s, 120-150 s.
    for delay, low in zip(delays, (30, 60, 120), strict=True):
        assert low - 1 <= delay <= low + 30 + 1, delays
    assert delivery.status == Status.FAILED
    attempts = list(delivery.attempt_rows.values_list("number", "status_code", "error"))
    assert attempts == [
        (1, 500, "HTTP 500"),
        (2, 502, "HTTP 502"),
        (3, 503, "HTTP 503"),
        (4, 500, "HTTP 500"),
    ]
    assert delivery.last_error == "HTTP 500"


def test_a_receiver_failing_first_gets_the_event_on_the_retry(endpoint, receiver):
    receiver.answers = [500]
    event = _record()
    delivery = event.deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    _due_now(delivery)
    assert webhook_delivery_send(delivery_id=delivery.pk).sent
    assert [request.status for request in receiver.requests] == [500, 200]
    assert {request.event_id for request in receiver.requests} == {str(event.event_id)}
    assert list(receiver.processed(endpoint.secret)) == [str(event.event_id)]


def test_the_answer_kept_is_bounded(endpoint, receiver, settings):
    settings.WEBHOOK_RESPONSE_EXCERPT = 100
    receiver.body = b"x" * 50_000
    delivery = _record().deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    assert delivery.attempt_rows.get().response_excerpt == "x" * 100


def test_a_receiver_that_stalls_is_given_up_on_within_the_timeout(endpoint, receiver, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    receiver.delay_seconds = 4
    delivery = _record().deliveries.get()
    report = webhook_delivery_send(delivery_id=delivery.pk)
    attempt = delivery.attempt_rows.get()
    assert "timed out" in attempt.error.lower()
    assert attempt.status_code is None
    assert attempt.duration_ms < 2500
    assert report.retry_in is not None  # tried again later


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
     "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1"],  # noqa: S104
)  # fmt: skip
def test_private_and_reserved_addresses_are_refused(address):
    assert not client.address_allowed(address)


def test_public_addresses_are_allowed():
    assert client.address_allowed("93.184.215.14")
    assert client.address_allowed("2606:4700::1111")


def test_sending_to_a_private_address_fails_at_once_unless_allowed(endpoint, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    delivery = _record().deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED  # no retry can make it public
    assert "private or reserved address" in delivery.last_error
    assert receiver.requests == []


def test_only_https_unless_plain_http_is_allowed(settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(client.RefusedTarget, match="https"):
        client.target_check("http://127.0.0.1:9/hooks")
    with pytest.raises(client.RefusedTarget, match="https"):
        client.target_check("file:///etc/passwd")
    with pytest.raises(client.RefusedTarget, match="password"):
        client.target_check("https://user:pw@127.0.0.1/hooks")


def test_the_sweep_sends_what_is_due_and_leaves_the_rest(endpoint, receiver):
    due = _record("k:1").deliveries.get()
    later = _record("k:2").deliveries.get()
    WebhookDelivery.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert webhook_deliveries_queue_due() == 1  # tasks run in-process in these tests
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Status.DELIVERED, Status.PENDING)
    assert len(receiver.requests) == 1


def test_replay_sends_again_with_the_same_event_id_as_a_new_attempt(
    endpoint, receiver, hr_user, employee_user, django_capture_on_commit_callbacks
):
    event = _record()
    delivery = event.deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    with pytest.raises(PermissionDenied):
        webhook_deliveries_replay(delivery_ids=[delivery.pk], by=employee_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert webhook_deliveries_replay(delivery_ids=[delivery.pk], by=hr_user) == 1
    delivery.refresh_from_db()
    assert delivery.status == Status.DELIVERED
    assert list(delivery.attempt_rows.values_list("number", "status_code")) == [(1, 200), (2, 200)]
    assert [request.event_id for request in receiver.requests] == [str(event.event_id)] * 2
    assert receiver.requests[0].body == receiver.requests[1].body


def test_a_replay_of_a_failed_delivery_gets_a_fresh_set_of_tries(
    endpoint, receiver, hr_user, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.answers = [500, 500]
    delivery = _record().deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    webhook_deliveries_replay(delivery_ids=[delivery.pk], by=hr_user)
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 2)
    webhook_deliveries_replay(delivery_ids=[delivery.pk], by=hr_user)
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.DELIVERED, 3)


def test_a_switched_off_endpoint_is_not_called(endpoint, receiver):
    delivery = _record().deliveries.get()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    webhook_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert receiver.requests == []
