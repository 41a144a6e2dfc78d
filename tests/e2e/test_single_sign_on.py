"""Single sign-on end to end: a real OpenID provider (django-oauth-toolkit, tests/oidc_provider/)
runs as its own process on a local port, and Chromium signs in through it into Backoffice.
"""

from __future__ import annotations

import re
import time

import jwt
import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from jwcrypto import jwk
from playwright.sync_api import expect

from backoffice.core.middleware import SIGNED_IN_AT
from backoffice.people.models import User
from backoffice.people.sso import StaffOIDCBackend
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.oidc_provider.server import running_provider

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROVIDER_PASSWORD = "provider-password-1"
PROVIDER_USERS = [
    f"hannah:Hannah.Reyes@Example.com:{PROVIDER_PASSWORD}",
    f"stranger:stranger@example.com:{PROVIDER_PASSWORD}",
    f"unverified:unverified@example.com:{PROVIDER_PASSWORD}:unverified",
    f"gone:gone@example.com:{PROVIDER_PASSWORD}",
    f"locked:locked@example.com:{PROVIDER_PASSWORD}",
]


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    redirect_uri = f"{live_server.url}/accounts/oidc/callback/"
    with running_provider(
        tmp_path_factory.mktemp("oidc"), redirect_uri=redirect_uri, users=PROVIDER_USERS
    ) as running:
        yield running


@pytest.fixture
def sso(settings, provider):
    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_PROVIDER_NAME = "Example ID"
    settings.AXES_ENABLED = True
    return provider


def sign_in_at_provider(page, username: str, *, start: str | None = "/accounts/login/") -> None:
    if start:
        page.goto(start)
    page.get_by_role("link", name="Sign in with Example ID").click()
    expect(page.get_by_role("heading", name="Test identity provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    # The provider asks once per application whether to let Backoffice know who this is.
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_staff_member_signs_in_through_the_provider(page, sso):
    hr = EmployeeFactory(
        user__roles=["HR"], user__is_staff=True, user__email="hannah.reyes@example.com"
    ).user
    page.goto("/recruiting/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/recruiting/"))
    sign_in_at_provider(page, "hannah", start=None)
    expect(page).to_have_url(re.compile(r"/recruiting/$"))
    page.console_errors.clear()  # the provider's pages have no favicon; ours must be clean
    page.goto("/")
    expect(page.get_by_role("heading", name=f"Hello, {hr.first_name}")).to_be_visible()
    assert page.console_errors == []

    # The session limits hold as for a password sign-in: stamped at sign-in, and past
    # SESSION_ABSOLUTE_HOURS the next request ends it.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = Session.objects.get(session_key=cookie["value"])
    store = session.get_decoded()
    assert store["_auth_user_id"] == str(hr.pk)
    assert store["_auth_user_backend"] == "backoffice.people.sso.StaffOIDCBackend"
    assert abs(store[SIGNED_IN_AT] - time.time()) < 120
    engine = Session.get_session_store_class()(session_key=cookie["value"])
    engine[SIGNED_IN_AT] = int(time.time()) - 13 * 3600
    engine.save()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("Your session has ended")).to_be_visible()


def test_unknown_email_is_refused_and_no_account_is_made(page, sso):
    sign_in_at_provider(page, "stranger")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_text("There is no active Backoffice account for stranger@")).to_be_visible()
    assert not User.objects.filter(email__iexact="stranger@example.com").exists()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))


def test_unknown_email_gets_an_account_without_any_role_when_allowed(page, sso, settings):
    settings.OIDC_CREATE_USERS = True
    sign_in_at_provider(page, "stranger")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    user = User.objects.get(email="stranger@example.com")
    assert (user.is_staff, user.is_superuser, user.groups.count()) == (False, False, 0)
    assert not user.has_usable_password()
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_unverified_email_is_refused(page, sso):
    EmployeeFactory(user__email="unverified@example.com")
    sign_in_at_provider(page, "unverified")
    expect(page.get_by_text("has not verified your email address")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))
    # django-axes counted the refusal against the account the provider named, as a wrong
    # password would be, and under no name that all single sign-on attempts would share.
    attempts = AccessAttempt.objects.values_list("username", "failures_since_start")
    assert list(attempts) == [("unverified@example.com", 1)]


def test_deactivated_account_is_refused(page, sso):
    EmployeeFactory(user__email="gone@example.com", user__is_active=False)
    sign_in_at_provider(page, "gone")
    expect(page.get_by_text("There is no active Backoffice account for gone@")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))


def test_account_locked_out_by_password_guesses_cannot_sign_in_through_the_provider(page, sso):
    EmployeeFactory(user__email="locked@example.com")
    for _ in range(5):
        sign_in(page, "locked@example.com", "a-wrong-guess")
    expect(page.get_by_role("heading", name="Too many sign-in attempts")).to_be_visible()
    # The lockout counts the account whatever the address: clear the address's own record, so
    # that only the account's lockout is what stops the provider's sign-in.
    AccessAttempt.objects.exclude(username="locked@example.com").delete()
    AccessAttempt.objects.filter(username="locked@example.com").update(ip_address="10.9.9.9")
    sign_in_at_provider(page, "locked")
    expect(page.get_by_role("heading", name="Too many sign-in attempts")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))


def test_staff_must_use_the_provider_when_passwords_are_off_for_them(page, sso, settings):
    settings.SSO_REQUIRED = "staff"
    EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hannah.reyes@example.com")
    EmployeeFactory(user__email="ella@example.com")
    sign_in(page, "hannah.reyes@example.com", PASSWORD)
    expect(page.get_by_text("Your account signs in with Example ID")).to_be_visible()
    page.goto("/admin/login/")
    page.get_by_label("Email").fill("hannah.reyes@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Your account signs in with Example ID")).to_be_visible()
    # An employee with no staff role keeps their password.
    sign_in(page, "ella@example.com", PASSWORD)
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()
    page.context.clear_cookies()
    # And the staff member gets in through the provider.
    sign_in_at_provider(page, "hannah")
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_sign_in_page_with_the_button_and_a_refusal_meets_wcag(browser, live_server, sso, width):
    from tests.e2e.test_accessibility import _audit, _describe

    # bypass_csp lets the test inject axe; the page's own scripts run under their policy.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        page.goto("/accounts/oidc/callback/?error=access_denied")
        expect(page.get_by_text("Signing in with Example ID was cancelled.")).to_be_visible()
        expect(page.get_by_role("link", name="Sign in with Example ID")).to_be_visible()
        violations = _audit(page)
        assert not violations, _describe("login", page.url, violations)
    finally:
        context.close()


def _id_token(provider, **claims) -> str:
    """An ID token signed with the provider's own key, as its JWKS endpoint publishes it."""
    pem = provider.signing_key.read_bytes()
    now = int(time.time())
    payload = {
        "iss": provider.issuer,
        "aud": provider.client_id,
        "sub": "1",
        "iat": now,
        "exp": now + 300,
        "nonce": "the-nonce",
        **claims,
    }
    kid = jwk.JWK.from_pem(pem).thumbprint()
    return jwt.encode(payload, pem, algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize(
    ("claims", "nonce"),
    [
        ({"aud": "another-client"}, "the-nonce"),
        ({"iss": "http://127.0.0.1:1/o"}, "the-nonce"),
        ({"exp": int(time.time()) - 60}, "the-nonce"),
        ({}, "another-nonce"),
    ],
    ids=["another-audience", "another-issuer", "expired", "replayed-nonce"],
)
def test_id_tokens_not_meant_for_us_are_refused(sso, claims, nonce):
    backend = StaffOIDCBackend()
    backend._configure()
    assert backend.verify_token(_id_token(sso), nonce="the-nonce")["aud"] == sso.client_id
    with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
        backend.verify_token(_id_token(sso, **claims), nonce=nonce)
