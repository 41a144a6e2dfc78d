"""Single sign-on settings, part of backoffice.settings (see .env.example)."""

from backoffice.env import env_bool, env_int, env_single_sign_on, env_str, env_url

# --- Single sign-on with OpenID Connect (backoffice/people/sso.py, mozilla-django-oidc) ----
# On when OIDC_CLIENT_ID is set, with the provider's issuer (its endpoints are read from
# <issuer>/.well-known/openid-configuration) or the four endpoints themselves. People are matched
# by the email address the provider says is verified to an existing active account; nobody new
# is let in unless OIDC_CREATE_USERS, and then with no role and no admin access.
OIDC_ISSUER = env_url("OIDC_ISSUER", schemes=("https", "http")).rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_url("OIDC_AUTHORIZATION_ENDPOINT", schemes=("https", "http"))
OIDC_OP_TOKEN_ENDPOINT = env_url("OIDC_TOKEN_ENDPOINT", schemes=("https", "http"))
OIDC_OP_USER_ENDPOINT = env_url("OIDC_USERINFO_ENDPOINT", schemes=("https", "http"))
OIDC_OP_JWKS_ENDPOINT = env_url("OIDC_JWKS_ENDPOINT", schemes=("https", "http"))
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "single sign-on")
OIDC_CREATE_USERS = env_bool("OIDC_CREATE_USERS", default=False)
# Seconds to connect to the provider and to wait for each answer (discovery, token, keys, user).
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # mozilla-django-oidc's own switch; StaffOIDCBackend decides instead
# Who may no longer sign in with a password once single sign-on is on: "none", "staff" (admin
# access, or any role beyond Employee: HR, Hiring manager, Interviewer, IT) or "all".
SSO_REQUIRED = env_single_sign_on(
    "SSO_REQUIRED",
    issuer=OIDC_ISSUER,
    client_id=OIDC_RP_CLIENT_ID,
    client_secret=OIDC_RP_CLIENT_SECRET,
    endpoints=(
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    ),
)
