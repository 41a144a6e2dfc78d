"""HR's webhook screens: registering an endpoint (its secret shown), refused URLs, deliveries
with every attempt, the replay action and button; nobody but HR gets in."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.webhooks.catalog import EventType
from backoffice.webhooks.models import WebhookDelivery, WebhookEndpoint
from backoffice.webhooks.services import webhook_delivery_send, webhook_event_record
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db
ENDPOINTS = reverse("admin:webhooks_webhookendpoint_changelist")
ADD = reverse("admin:webhooks_webhookendpoint_add")
DELIVERIES = reverse("admin:webhooks_webhookdelivery_changelist")


def _delivered(receiver_answers=None):
    event = webhook_event_record(
        key="recruiting.application_created:1",
        event_type=EventType.APPLICATION_CREATED,
        data={"application_id": 1},
        created_at=timezone.now(),
    )
    delivery = event.deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    return delivery


def test_hr_registers_an_endpoint_and_is_shown_its_secret(client_for, hr_user, receiver):
    client = client_for(hr_user)
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {
            "url": receiver.url,
            "description": "Payroll",
            "events": ["employee.hired", "employee.left"],
            "is_active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    change = reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk])
    assert response.status_code == 302
    assert response.url == change
    assert endpoint.events == ["employee.hired", "employee.left"]
    assert endpoint.created_by == hr_user
    assert endpoint.secret.startswith("whsec_")
    assert len(endpoint.secret) > 40
    page = client.get(change).content.decode()
    assert endpoint.secret in page
    assert "Copy its signing secret" in page
    assert "Employee hired, Employee left" in client.get(ENDPOINTS).content.decode()


def test_a_url_on_a_private_address_is_refused_with_a_message(client_for, hr_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    response = client_for(hr_user).post(
        ADD, {"url": "http://127.0.0.1:8080/hooks", "events": ["employee.hired"]}
    )
    assert response.status_code == 200
    assert "private or reserved address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_hr_rolls_a_secret(client_for, hr_user, endpoint):
    old = endpoint.secret
    client_for(hr_user).post(
        ENDPOINTS, {"action": "roll_secret", "_selected_action": [endpoint.pk]}
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret.startswith("whsec_")


def test_hr_sees_each_attempt_and_replays_with_the_button(
    client_for, hr_user, endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.answers = [500]
    delivery = _delivered()
    client = client_for(hr_user)
    listing = client.get(DELIVERIES, {"status__exact": "pending"}).content.decode()
    assert str(delivery.event.event_id) in listing
    change = reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk])
    page = client.get(change).content.decode()
    assert "Replay (same event id)" in page
    assert "HTTP 500" in page  # the attempt row
    # The button posts the changelist's replay action for this delivery.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELIVERIES, {"action": "replay", "_selected_action": [delivery.pk]})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert list(delivery.attempt_rows.values_list("number", "status_code")) == [(1, 500), (2, 200)]
    assert {request.event_id for request in receiver.requests} == {str(delivery.event.event_id)}


@pytest.mark.parametrize("url", [ENDPOINTS, ADD, DELIVERIES])
def test_staff_who_are_not_hr_are_refused_and_others_sent_to_sign_in(client_for, url):
    manager = EmployeeFactory(user__roles=["Hiring manager"], user__is_staff=True).user
    assert client_for(manager).get(url).status_code == 403
    employee = EmployeeFactory().user
    response = client_for(employee).get(url)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_not_hr_cannot_replay(client_for, endpoint, receiver):
    delivery = _delivered()
    manager = EmployeeFactory(user__roles=["Hiring manager"], user__is_staff=True).user
    response = client_for(manager).post(
        DELIVERIES, {"action": "replay", "_selected_action": [delivery.pk]}
    )
    assert response.status_code == 403
    assert delivery.attempt_rows.count() == 1
