import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.people import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_by_email_in_any_case(client):
    UserFactory(email="ella@example.com")
    response = client.post(reverse("login"), {"username": "ELLA@Example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_wrong_password_and_unknown_account_get_the_same_message(client):
    UserFactory(email="ella@example.com")
    wrong = client.post(reverse("login"), {"username": "ella@example.com", "password": "nope"})
    unknown = client.post(reverse("login"), {"username": "who@example.com", "password": "nope"})
    message = "That email and password do not match an active account."
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_next_is_followed_only_within_the_site(client):
    UserFactory(email="ella@example.com")
    credentials = {"username": "ella@example.com", "password": PASSWORD}
    inside = client.post(reverse("login") + "?next=/performance/", credentials)
    assert inside["Location"] == "/performance/"
    client.logout()
    outside = client.post(reverse("login") + "?next=https://evil.example/", credentials)
    assert outside["Location"] == reverse("home")


def test_sign_out_needs_post(client_for, employee_user):
    client = client_for(employee_user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client_for, employee_user):
    client = client_for(employee_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-better-passphrase",
            "new_password2": "a-much-better-passphrase",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    employee_user.refresh_from_db()
    assert employee_user.check_password("a-much-better-passphrase")


def test_password_change_rejects_a_weak_password(client_for, employee_user):
    client = client_for(employee_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()


def test_password_reset_email_links_to_site_url_and_works(client, settings):
    settings.SITE_URL = "https://hr.example.com"
    user = UserFactory(email="ella@example.com")
    client.post(reverse("password_reset"), {"email": "Ella@example.com"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ella@example.com"]
    html = message.alternatives[0][0]
    link = re.search(
        r"https://hr\.example\.com(/accounts/password/reset/[^/\s]+/[^/\s]+/)", message.body
    )
    assert link, message.body
    assert link.group(0) in html

    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    client.post(
        set_password_url,
        {"new_password1": "fresh-passphrase-42", "new_password2": "fresh-passphrase-42"},
    )
    user.refresh_from_db()
    assert user.check_password("fresh-passphrase-42")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
