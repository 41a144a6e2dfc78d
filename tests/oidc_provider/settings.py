"""Settings of the test OpenID provider, from the environment the test sets."""

import os
from pathlib import Path

DEBUG = False
SECRET_KEY = "test-oidc-provider-only-" + "x" * 40
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.oidc_provider.urls"
WSGI_APPLICATION = "tests.oidc_provider.wsgi.application"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ]
        },
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PROVIDER_DATABASE"]}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
# Cookies are per host, not per port: the provider's must not overwrite Backoffice's.
SESSION_COOKIE_NAME = "provider_sessionid"
CSRF_COOKIE_NAME = "provider_csrftoken"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": os.environ["PROVIDER_ISSUER"],
    "OIDC_RSA_PRIVATE_KEY": Path(os.environ["PROVIDER_SIGNING_KEY"]).read_text(),
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.claims.EmailClaimsValidator",
    "SCOPES": {
        "openid": "Sign you in",
        "email": "Your email address",
        "profile": "Your name",
    },
    "PKCE_REQUIRED": True,
}
