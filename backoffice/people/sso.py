"""Single sign-on for staff with OpenID Connect, on mozilla-django-oidc.

The rules, all here:
- it is on only when OIDC_CLIENT_ID is set (settings.py refuses half a configuration);
- a person is let in by the email address their provider says is verified (`email_verified`),
  matched case-insensitively to one existing, active account; an unknown address is refused
  with a message on the sign-in page, unless OIDC_CREATE_USERS, and then the new account has
  no role, no admin access and no usable password;
- the ID token must be for us (`aud`) and, with OIDC_ISSUER, from our provider (`iss`);
- django-axes counts a refused sign-in against the account the provider named (or, before it
  named one, against the address) and refuses an account or address it has locked out, exactly
  as at the password form; the session limits apply because the sign-in is Django's own login;
- SSO_REQUIRED says who may no longer use the password form (`password_sign_in_refused`).
"""

from __future__ import annotations

import logging
import time

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from backoffice.core.net import client_address
from backoffice.people.auth import SSO_ATTEMPT_USERNAME
from backoffice.people.models import User, UserManager
from backoffice.people.roles import Role

logger = logging.getLogger(__name__)

# Which setting each endpoint lives in, and its name in the provider's discovery document.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_SECONDS = 3600
# Why the last attempt of this request was refused, for the sign-in page to say.
REFUSAL = "_sso_refusal"
_discovered: dict[str, tuple[float, dict]] = {}
# What a failed exchange with the provider raises: a network error or an error answer, a token
# that does not verify (signature, expiry, audience, issuer, nonce), a malformed answer.
FAILED_SIGN_IN = (requests.RequestException, jwt.PyJWTError, SuspiciousOperation, ValueError)


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read, or names another issuer."""


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def provider_endpoints() -> dict[str, str]:
    """The provider's endpoints: those configured, the rest from its discovery document."""
    configured = {name: getattr(settings, name, "") for name in ENDPOINTS}
    issuer = settings.OIDC_ISSUER.rstrip("/")
    if all(configured.values()) or not issuer:
        return configured
    expires, document = _discovered.get(issuer, (0.0, {}))
    if expires < time.monotonic():
        url = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(f"{url}: {error}") from error
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable(f"{url} names issuer {document.get('issuer')!r}")
        _discovered[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return {name: configured[name] or document.get(key, "") for name, key in ENDPOINTS.items()}


def password_sign_in_refused(user: User) -> bool:
    """Whether SSO_REQUIRED keeps this account away from the password forms."""
    if not sso_enabled() or settings.SSO_REQUIRED == "none":
        return False
    if settings.SSO_REQUIRED == "all":
        return True
    return bool(user.is_staff or user.is_superuser or user.role_names - {Role.EMPLOYEE.value})


def password_refusal_message() -> str:
    name = provider_name()
    return f"Your account signs in with {name}: use “Sign in with {name}” on the sign-in page."


def _one_line(value, limit: int = 150) -> str:
    return " ".join(str(value or "").split())[:limit]


class StaffOIDCBackend(OIDCAuthenticationBackend):
    """Signs in the person the provider vouches for, by verified email, or nobody."""

    def __init__(self, *args, **kwargs):
        # Listed even when single sign-on is off: read the provider's settings only when used.
        self.UserModel = User

    def _configure(self) -> None:
        endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints["OIDC_OP_TOKEN_ENDPOINT"]
        self.OIDC_OP_USER_ENDPOINT = endpoints["OIDC_OP_USER_ENDPOINT"]
        self.OIDC_OP_JWKS_ENDPOINT = endpoints["OIDC_OP_JWKS_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _refuse(self, message: str) -> None:
        setattr(self.request, REFUSAL, message)
        return None

    def authenticate(self, request, **kwargs):
        # Only the provider's callback passes a nonce: a password form never reaches this.
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        self.request = request
        try:
            self._configure()
            return super().authenticate(request, **kwargs)
        except ProviderUnavailable as error:
            logger.warning("Single sign-on: the provider is unavailable: %s", error)
            return self._refuse(f"{provider_name()} is not answering. Please try again later.")
        except FAILED_SIGN_IN as error:
            logger.warning("Single sign-on refused: %s", error)
            return self._refuse(f"Signing in with {provider_name()} did not work. Try again.")

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The token is for another client.")
        issuer = settings.OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
            raise SuspiciousOperation("The token comes from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = UserManager.normalize_email(claims.get("email"))
        if not email:
            return self._refuse(f"{provider_name()} did not tell us your email address.")
        # Failures from here on count against this account, as at the password form.
        setattr(self.request, SSO_ATTEMPT_USERNAME, email)
        if claims.get("email_verified") not in (True, "true"):
            return self._refuse(
                f"{provider_name()} has not verified your email address {email}, so it cannot "
                "sign you in here."
            )
        user = User.objects.with_role_names().filter(email=email).first()
        if user is None and settings.OIDC_CREATE_USERS:
            user = self.create_user(claims)
        if user is None or not user.is_active:
            return self._refuse(
                f"There is no active {settings.SITE_NAME} account for {email}. "
                "Ask HR to give you access."
            )
        if AxesProxyHandler.is_locked(self.request, {"username": email}):
            self.request.axes_locked_out = True  # AxesMiddleware shows the lockout page
            return None
        return user

    def create_user(self, claims):
        """A new account with no role, no admin access and no usable password."""
        return User.objects.create_user(
            email=claims["email"],
            password=None,
            first_name=_one_line(claims.get("given_name")),
            last_name=_one_line(claims.get("family_name")),
            is_staff=False,
            is_superuser=False,
        )

    def get_user(self, user_id):
        # As ModelBackendWithRoles: the session user arrives with their roles in one query.
        user = User.objects.with_role_names().filter(pk=user_id).first()
        return user if self.user_can_authenticate(user) else None

    # Permissions are ModelBackendWithRoles' to answer, for every user however they signed in.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def with_perm(self, perm, is_active=True, include_superusers=True, obj=None):
        return User.objects.none()


class SignInWithProvider(OIDCAuthenticationRequestView):
    """Sends the visitor to the provider, with state, nonce and PKCE kept in the session."""

    def __init__(self, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            endpoints = provider_endpoints()
        except ProviderUnavailable as error:
            logger.warning("Single sign-on: the provider is unavailable: %s", error)
            messages.error(request, f"{provider_name()} is not answering. Please try again later.")
            return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
        self.OIDC_OP_AUTH_ENDPOINT = endpoints["OIDC_OP_AUTHORIZATION_ENDPOINT"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class ProviderCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the visitor back; a refusal is explained on the sign-in page."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        setattr(request, SSO_ATTEMPT_USERNAME, f"single sign-on from {client_address(request)}")
        return super().get(request)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self):
        if self.request.GET.get("error") == "access_denied":
            message = f"Signing in with {provider_name()} was cancelled."
        else:
            message = getattr(
                self.request, REFUSAL, f"Signing in with {provider_name()} did not work. Try again."
            )
        messages.error(self.request, message)
        return super().login_failure()


sign_in_with_provider = login_not_required(SignInWithProvider.as_view())
provider_callback = login_not_required(ProviderCallback.as_view())
