"""HR's webhook screens in Chromium: register an endpoint and copy its secret, read a failed
delivery's attempts and replay it with the button; every screen passes axe (WCAG 2.2 AA).

The site-wide check (test_accessibility.py) opens each admin model's list and add form; the
world it builds has no webhook rows, so the change pages with their attempts are seen here.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from backoffice.webhooks.catalog import EventType
from backoffice.webhooks.models import WebhookDelivery, WebhookEndpoint
from backoffice.webhooks.services import webhook_delivery_send, webhook_event_record
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import _audit, _describe
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.webhooks.receiver import start_receiver

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


def _audited(page, failures: list[str]) -> None:
    violations = _audit(page)
    if violations:
        failures.append(_describe(page.url, page.url, violations))


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe; the pages' own scripts run under their policy.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    yield context.new_page()
    context.close()


def test_hr_registers_an_endpoint_and_replays_a_delivery(page, receiver, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    failures: list[str] = []
    sign_in(page, hr.email, PASSWORD)

    page.goto("/admin/webhooks/webhookendpoint/add/")
    _audited(page, failures)
    page.get_by_label("URL").fill(receiver.url)
    page.get_by_label("Description").fill("Payroll system")
    page.get_by_label("Employee hired").check()
    page.get_by_label("Employee left").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    endpoint = WebhookEndpoint.objects.get()
    assert "Copy its signing secret" in page.content()
    assert endpoint.secret in page.content()
    _audited(page, failures)
    page.goto("/admin/webhooks/webhookendpoint/")
    _audited(page, failures)

    receiver.answers = [500]
    event = webhook_event_record(
        key="people.employee_hired:1",
        event_type=EventType.EMPLOYEE_HIRED,
        data={"employee_id": 1},
        created_at=timezone.now(),
    )
    delivery = event.deliveries.get()
    webhook_delivery_send(delivery_id=delivery.pk)
    page.goto("/admin/webhooks/webhookdelivery/")
    _audited(page, failures)
    page.goto(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")
    assert "HTTP 500" in page.content()
    _audited(page, failures)
    page.get_by_role("button", name="Replay (same event id)").click()
    page.wait_for_load_state()
    assert "will be sent again now" in page.content()
    _audited(page, failures)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED  # tasks run in-process here
    assert [request.status for request in receiver.requests] == [500, 200]
    assert all(request.signed_by(endpoint.secret) for request in receiver.requests)
    assert not failures, "WCAG 2.2 AA violations:\n" + "\n".join(failures)
