"""The password-reset email is queued for a worker, not sent while the visitor waits."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from backoffice.celery import app
from backoffice.people.tasks import password_reset_email_task
from tests.factories.people import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker():
    """A real (in-memory) broker instead of running tasks in-process: what is queued stays."""
    assert app.conf.broker_url.startswith("memory://")
    app.conf.task_always_eager = False
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        queue.clear()
        yield queue
        queue.clear()
        queue.close()
    app.conf.task_always_eager = True


def test_the_reset_page_queues_the_email_and_a_worker_sends_it(client, broker, settings):
    settings.SITE_URL = "https://hr.example.com"
    user = UserFactory(email="ella@example.com")
    response = client.post(reverse("password_reset"), {"email": " Ella@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []  # nothing sent in the request

    message = broker.get(timeout=2)
    assert message.headers["task"] == password_reset_email_task.name
    args, kwargs, _embed = message.payload
    assert args == [user.pk]  # only the id travels: no token, no address
    message.ack()

    password_reset_email_task.apply(args=args, kwargs=kwargs).get()  # what the worker runs
    (email,) = mail.outbox
    assert email.to == ["ella@example.com"]
    link = re.search(r"https://hr\.example\.com(/accounts/password/reset/\S+/)", email.body)
    assert client.get(link.group(1), follow=True).status_code == 200


def test_an_unknown_address_queues_nothing(client, broker):
    client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    with pytest.raises(broker.Empty):
        broker.get(timeout=0.2)
