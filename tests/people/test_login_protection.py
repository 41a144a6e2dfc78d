"""Failed sign-ins are throttled; sessions end when idle or old; a new password ends others."""

import re
import time

import pytest
from django.urls import reverse

from backoffice.core.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOCKED = "Too many sign-in attempts"


@pytest.fixture
def throttle(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _attempt(client, email, password="wrong-password", ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_repeated_failures_even_from_new_addresses(client, throttle):
    UserFactory(email="ella@example.com")
    for number in range(3):
        _attempt(client, "ella@example.com", ip=f"10.0.0.{number}")
    response = _attempt(client, "ELLA@example.com", password=PASSWORD, ip="10.0.0.99")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_an_address_is_locked_after_failures_across_accounts(client, throttle):
    UserFactory(email="ella@example.com")
    for number in range(3):
        _attempt(client, f"guess{number}@example.com", ip="10.9.9.9")
    response = _attempt(client, "ella@example.com", password=PASSWORD, ip="10.9.9.9")
    assert response.status_code == 429


def test_lockout_looks_the_same_for_unknown_and_real_accounts(client, throttle):
    UserFactory(email="ella@example.com")
    pages = []
    for email, ip in [("ella@example.com", "10.1.1.1"), ("nobody@example.com", "10.2.2.2")]:
        for _ in range(4):
            response = _attempt(client, email, ip=ip)
        page = re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())
        pages.append((response.status_code, page.replace(email, "")))
    assert pages[0] == pages[1]


def test_success_before_the_limit_resets_the_count(client, throttle):
    UserFactory(email="ella@example.com")
    _attempt(client, "ella@example.com")
    _attempt(client, "ella@example.com")
    assert _attempt(client, "ella@example.com", password=PASSWORD).status_code == 302
    client.logout()
    _attempt(client, "ella@example.com")
    _attempt(client, "ella@example.com")
    assert _attempt(client, "ella@example.com", password=PASSWORD).status_code == 302


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_session_ends_after_the_absolute_limit_even_when_active(client_for, settings):
    user = UserFactory()
    client = client_for(user)
    _age_session(client, **{SIGNED_IN_AT: 12 * 3600 + 5, LAST_SEEN_AT: 10})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_idle_limit_is_the_session_expiry_and_activity_extends_it(client_for, settings):
    user = UserFactory()
    client = client_for(user)
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    _age_session(client, **{LAST_SEEN_AT: 120})
    client.get(reverse("home"))
    assert int(time.time()) - client.session[LAST_SEEN_AT] < 5
    assert client.session.get_expiry_age() == 30 * 60


def test_an_active_session_is_not_rewritten_on_every_request(client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(UserFactory())
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == []


def test_changing_the_password_ends_the_other_sessions(client):
    from django.test import Client

    user = UserFactory(email="ella@example.com")
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-good-passphrase",
            "new_password2": "another-good-passphrase",
        },
    )
    assert laptop.get(reverse("home")).status_code == 200
    assert phone.get(reverse("home")).status_code == 302
