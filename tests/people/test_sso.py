"""Single sign-on's rules that need no provider: configuration, the password switch, forged or
failed callbacks, a provider that is down or stalls. The sign-in through a real provider is in
tests/e2e/test_single_sign_on.py.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from backoffice.people import sso
from backoffice.people.auth import SSO_ATTEMPT_USERNAME, login_attempt_username
from tests.factories.people import PASSWORD, EmployeeFactory, UserFactory
from tests.subprocess_env import base_environment, free_port, run_python

pytestmark = pytest.mark.django_db
REFUSED = "Your account signs in with Example ID"


@pytest.fixture
def sso_on(settings):
    """Configured, with the provider at a port where nothing listens."""
    settings.OIDC_ISSUER = f"http://127.0.0.1:{free_port()}/o"
    settings.OIDC_RP_CLIENT_ID = "backoffice"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_PROVIDER_NAME = "Example ID"
    settings.OIDC_TIMEOUT = 1
    return settings


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _password_sign_in(client, email, password=PASSWORD, url=None):
    return client.post(url or reverse("login"), {"username": email, "password": password})


# --- the sign-in page ---------------------------------------------------------------------


def test_no_button_and_no_way_in_while_single_sign_on_is_off(client):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with" not in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404


def test_the_button_names_the_provider_and_keeps_where_the_visitor_was_going(client, sso_on):
    page = client.get(reverse("login") + "?next=/recruiting/%3Fq%3D1").content.decode()
    assert "Sign in with Example ID" in page
    assert f'href="{reverse("oidc_authentication_init")}?next=/recruiting/%3Fq%3D1"' in page


# --- a provider that fails ----------------------------------------------------------------


def test_a_provider_that_is_down_is_explained(client, sso_on):
    response = client.get(reverse("oidc_authentication_init"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert _messages(response) == ["Example ID is not answering. Please try again later."]


def test_a_provider_that_stalls_is_given_up_on_in_bounded_time(client, sso_on):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True).start()
    sso_on.OIDC_ISSUER = f"http://127.0.0.1:{listener.getsockname()[1]}/o"
    started = time.monotonic()
    try:
        response = client.get(reverse("oidc_authentication_init"))
    finally:
        listener.close()
    assert time.monotonic() - started < 5
    assert accepted, "the provider was never asked"
    assert "not answering" in _messages(response)[0]


# --- forged and failed callbacks ----------------------------------------------------------


def test_a_callback_without_a_sign_in_started_here_signs_nobody_in(client, sso_on):
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "did not work" in _messages(response)[0]
    assert "_auth_user_id" not in client.session


def test_a_callback_with_a_state_we_did_not_issue_is_refused(client, sso_on):
    session = client.session
    session["oidc_states"] = {"ours": {"nonce": "n", "code_verifier": "v", "added_on": time.time()}}
    session.save()
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "forged"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_sign_in_the_person_cancelled_at_the_provider_says_so(client, sso_on):
    response = client.get(reverse("oidc_authentication_callback"), {"error": "access_denied"})
    assert response["Location"] == reverse("login")
    assert _messages(response) == ["Signing in with Example ID was cancelled."]


def test_the_provider_is_never_asked_about_a_password_sign_in(client, sso_on):
    # The OIDC backend only answers the callback (which passes a nonce), so a password sign-in
    # neither waits for the provider (down here) nor fails because of it.
    user = UserFactory(email="ella@example.com")
    response = _password_sign_in(client, "ella@example.com")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (
        client.session["_auth_user_backend"] == "backoffice.people.backends.ModelBackendWithRoles"
    )


# --- the password switch (SSO_REQUIRED) ---------------------------------------------------


@pytest.mark.parametrize(
    ("required", "kind", "refused"),
    [
        ("none", "hr", False),
        ("staff", "hr", True),
        ("staff", "interviewer", True),
        ("staff", "admin_only", True),
        ("staff", "employee", False),
        ("staff", "no_role", False),
        ("all", "employee", True),
        ("all", "no_role", True),
    ],
)
def test_who_must_use_single_sign_on(sso_on, required, kind, refused):
    sso_on.SSO_REQUIRED = required
    user = {
        "hr": lambda: UserFactory(roles=["HR"]),
        "interviewer": lambda: UserFactory(roles=["Interviewer"]),
        "admin_only": lambda: UserFactory(is_staff=True),
        "employee": lambda: EmployeeFactory().user,
        "no_role": lambda: UserFactory(),
    }[kind]()
    assert sso.password_sign_in_refused(user) is refused


def test_the_switch_does_nothing_while_single_sign_on_is_off(settings):
    settings.SSO_REQUIRED = "all"
    assert sso.password_sign_in_refused(UserFactory(roles=["HR"])) is False


def test_staff_are_refused_the_password_form_with_a_clear_message(client, sso_on):
    sso_on.SSO_REQUIRED = "staff"
    UserFactory(email="hannah@example.com", roles=["HR"], is_staff=True)
    response = _password_sign_in(client, "hannah@example.com")
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_tells_nothing_about_single_sign_on(client, sso_on):
    sso_on.SSO_REQUIRED = "staff"
    UserFactory(email="hannah@example.com", roles=["HR"], is_staff=True)
    page = _password_sign_in(client, "hannah@example.com", password="a-guess").content.decode()
    assert REFUSED not in page
    assert "do not match an active account" in page


def test_staff_are_refused_the_admin_sign_in_too(client, sso_on):
    sso_on.SSO_REQUIRED = "staff"
    UserFactory(email="hannah@example.com", roles=["HR"], is_staff=True)
    response = _password_sign_in(client, "hannah@example.com", url=reverse("admin:login"))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_others_keep_their_password(client, sso_on):
    sso_on.SSO_REQUIRED = "staff"
    EmployeeFactory(user__email="ella@example.com")
    assert _password_sign_in(client, "ella@example.com").status_code == 302


# --- django-axes: refusals count per account, never under one shared empty name ----------


def test_a_callback_attempt_is_counted_under_its_own_name_until_the_provider_names_one():
    request = RequestFactory().get("/accounts/oidc/callback/")
    assert login_attempt_username(request, {}) == ""  # a password form always names one
    setattr(request, SSO_ATTEMPT_USERNAME, "single sign-on from 10.0.0.1")
    assert login_attempt_username(request, {"nonce": "n"}) == "single sign-on from 10.0.0.1"
    setattr(request, SSO_ATTEMPT_USERNAME, "ella@example.com")
    assert login_attempt_username(request, {"nonce": "n"}) == "ella@example.com"
    assert login_attempt_username(request, {"username": "Bob@Example.com"}) == "bob@example.com"


# --- configuration ------------------------------------------------------------------------


def _start(**environment):
    code = "import django; django.setup(); print('started')"
    env = base_environment(DJANGO_SETTINGS_MODULE="backoffice.settings", DJANGO_DEBUG="1")
    env.update(environment)
    return run_python(code, env)


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"OIDC_CLIENT_ID": "x", "OIDC_CLIENT_SECRET": "y"}, "OIDC_ISSUER"),
        ({"OIDC_ISSUER": "https://id.example.com", "OIDC_CLIENT_ID": "x"}, "OIDC_CLIENT_SECRET"),
        ({"OIDC_ISSUER": "https://id.example.com"}, "OIDC_CLIENT_ID"),
        ({"OIDC_ISSUER": "id.example.com", "OIDC_CLIENT_ID": "x"}, "OIDC_ISSUER"),
        ({"SSO_REQUIRED": "staff"}, "SSO_REQUIRED"),
        ({"SSO_REQUIRED": "sometimes"}, "SSO_REQUIRED"),
        ({"OIDC_CREATE_USERS": "perhaps"}, "OIDC_CREATE_USERS"),
    ],
)
def test_half_a_configuration_stops_start_up(environment, named):
    result = _start(**environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_a_whole_configuration_starts():
    result = _start(
        OIDC_ISSUER="https://id.example.com/",
        OIDC_CLIENT_ID="backoffice",
        OIDC_CLIENT_SECRET="secret",
        SSO_REQUIRED="staff",
    )
    assert result.returncode == 0, result.stderr


def test_a_password_session_ends_once_the_account_must_use_single_sign_on(client, sso_on):
    EmployeeFactory(user__email="hannah@example.com", user__roles=["HR"])
    assert _password_sign_in(client, "hannah@example.com").status_code == 302
    assert client.get(reverse("home")).status_code == 200
    sso_on.SSO_REQUIRED = "staff"
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
