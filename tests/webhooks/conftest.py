from __future__ import annotations

import pytest

from backoffice.webhooks.catalog import EventType
from backoffice.webhooks.models import WebhookEndpoint
from tests.webhooks.receiver import start_receiver


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings):
    # The receivers of these tests listen on 127.0.0.1 over plain HTTP.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 2
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RESPONSE_EXCERPT = 1000


@pytest.fixture
def receiver():
    receiver, server = start_receiver()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    """An endpoint for every event type, pointing at the test's receiver."""
    return WebhookEndpoint.objects.create(url=receiver.url, events=list(EventType.values))
