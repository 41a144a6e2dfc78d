"""The security review's sign-in findings: a success resets only its own account's failures,
and the throttle counts per client address as backoffice.core.net.client_address reads it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttle(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def _attempt(client, email, password="wrong-password", ip="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_own_success_does_not_reset_guesses_at_a_colleagues_account(throttle):
    UserFactory(email="colleague@example.com")
    UserFactory(email="me@example.com")
    attacker = Client()
    for _ in range(4):
        assert _attempt(attacker, "colleague@example.com").status_code == 200
    assert _attempt(attacker, "me@example.com", password=PASSWORD).status_code == 302
    attacker.logout()
    # The fifth wrong guess at the colleague is the fifth failure: locked.
    assert _attempt(attacker, "colleague@example.com").status_code == 429
    # ... and it stays locked, even for the right password and after another own success.
    for _ in range(3):
        assert _attempt(attacker, "colleague@example.com").status_code == 429
    assert _attempt(Client(), "colleague@example.com", password=PASSWORD).status_code == 429


def test_failures_for_one_account_count_whatever_the_address_case_or_spaces(throttle):
    UserFactory(email="ella@example.com")
    spellings = ["ella@example.com", "ELLA@example.com", " ella@example.com ", "Ella@Example.COM"]
    for number, spelling in enumerate([*spellings, "ella@example.com"]):
        _attempt(Client(), spelling, ip=f"10.1.0.{number}")
    assert (
        _attempt(Client(), "ella@example.com", password=PASSWORD, ip="10.1.9.9").status_code == 429
    )


def test_own_success_still_clears_own_failures(throttle):
    UserFactory(email="ella@example.com")
    client = Client()
    for _ in range(4):
        _attempt(client, "ella@example.com", ip="10.2.0.1")
    assert _attempt(client, "ella@example.com", password=PASSWORD, ip="10.2.0.2").status_code == 302
    client.logout()
    for _ in range(4):
        _attempt(client, "ella@example.com", ip="10.2.0.3")
    assert _attempt(client, "ella@example.com", password=PASSWORD, ip="10.2.0.3").status_code == 302


# --- Behind a proxy ------------------------------------------------------------------------------


def test_a_forged_forwarded_for_changes_nothing_without_a_trusted_proxy(throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(email="ella@example.com")
    # The attacker rotates the header on every try; the throttle still sees one address.
    for number in range(5):
        _attempt(Client(), f"guess{number}@example.com", ip="10.3.0.1", forwarded=f"1.2.3.{number}")
    response = _attempt(
        Client(), "ella@example.com", password=PASSWORD, ip="10.3.0.1", forwarded="9.9.9.9"
    )
    assert response.status_code == 429


def test_behind_one_proxy_the_last_hop_is_the_client(throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ella@example.com")
    proxy = "10.9.0.1"
    # The client forges a first hop; the proxy appends the address it saw (203.0.113.7).
    for number in range(5):
        _attempt(
            Client(),
            f"guess{number}@example.com",
            ip=proxy,
            forwarded=f"1.1.1.{number}, 203.0.113.7",
        )
    locked = _attempt(
        Client(), "ella@example.com", password=PASSWORD, ip=proxy, forwarded="203.0.113.7"
    )
    assert locked.status_code == 429
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_one_locked_out_client_behind_the_proxy_does_not_lock_out_another(throttle, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ella@example.com")
    proxy = "10.9.0.1"
    for number in range(6):
        _attempt(Client(), f"guess{number}@example.com", ip=proxy, forwarded="203.0.113.7")
    assert _attempt(Client(), "x@example.com", ip=proxy, forwarded="203.0.113.7").status_code == 429
    other = _attempt(
        Client(), "ella@example.com", password=PASSWORD, ip=proxy, forwarded="198.51.100.4"
    )
    assert other.status_code == 302


def test_the_sign_in_record_keeps_the_client_address(throttle, settings):
    from axes.models import AccessLog

    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="ella@example.com")
    _attempt(
        Client(), "ella@example.com", password=PASSWORD, ip="10.9.0.1", forwarded="198.51.100.4"
    )
    assert AccessLog.objects.get().ip_address == "198.51.100.4"
