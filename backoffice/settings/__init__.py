"""Settings for Backoffice, all read from the environment (see .env.example).

With nothing set this is the embedded default of `make run`: SQLite in the project folder,
Celery tasks run in-process, mail printed to the console. Production sets DJANGO_DEBUG=0,
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and the SMTP variables.
"""

import datetime
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from backoffice import beat_schedule
from backoffice.env import (
    env_bool,
    env_int,
    env_list,
    env_storage,
    env_str,
    env_timezone,
    env_url,
)
from backoffice.settings.api import API_APPS, REST_FRAMEWORK, SPECTACULAR_SETTINGS  # noqa: F401
from backoffice.settings.messaging import (  # noqa: F401  settings, read by name
    HOLIDAYS_COUNTRY,
    HOLIDAYS_SUBDIVISION,
    OUTBOX_MAX_ATTEMPTS,
    OUTBOX_RELAY_SECONDS,
    OUTBOX_RETRY_BASE_SECONDS,
    OUTBOX_STALE_MINUTES,
    OUTBOX_SWEEP_SECONDS,
    REMINDER_BATCH_SIZE,
    REMINDER_DIGEST_HOUR,
    REMINDER_ESCALATE_HR_DAYS,
    REMINDER_ESCALATE_MANAGER_DAYS,
    REMINDER_MAX_ATTEMPTS,
    REMINDER_QUIET_HOURS,
    REMINDER_REQUEUE_AFTER_MINUTES,
    REMINDER_RETRY_BASE_SECONDS,
    REMINDER_SWEEP_MINUTES,
    REMINDER_WORKING_DAYS,
    SWEEPS,
    WEBHOOK_ALLOW_HTTP,
    WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    WEBHOOK_MAX_ATTEMPTS,
    WEBHOOK_RESPONSE_EXCERPT,
    WEBHOOK_RETRY_BASE_SECONDS,
    WEBHOOK_SWEEP_SECONDS,
    WEBHOOK_TIMEOUT_SECONDS,
)
from backoffice.settings.sso import (  # noqa: F401  settings, read by name
    OIDC_CREATE_USER,
    OIDC_CREATE_USERS,
    OIDC_ISSUER,
    OIDC_OP_AUTHORIZATION_ENDPOINT,
    OIDC_OP_JWKS_ENDPOINT,
    OIDC_OP_TOKEN_ENDPOINT,
    OIDC_OP_USER_ENDPOINT,
    OIDC_PROVIDER_NAME,
    OIDC_RP_CLIENT_ID,
    OIDC_RP_CLIENT_SECRET,
    OIDC_RP_SCOPES,
    OIDC_RP_SIGN_ALGO,
    OIDC_TIMEOUT,
    OIDC_USE_PKCE,
    SSO_REQUIRED,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# Only a developer's machine may run on a known key, and only when it asks for DEBUG.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-never-use-in-production-0000"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to at least 50 random characters, "
            "or set DJANGO_DEBUG=1 on a development machine."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for DJANGO_DEBUG=0: use at least 50 random characters, e.g. "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Backoffice")
# Who is hiring, as job search engines show it (the careers page's JobPosting data): the
# company's name, its own website and the country (ISO 3166 code, e.g. NL) of its jobs.
COMPANY_NAME = env_str("COMPANY_NAME", SITE_NAME)
COMPANY_URL = env_str("COMPANY_URL", "")
COMPANY_COUNTRY = env_str("COMPANY_COUNTRY", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "simple_history",
    *API_APPS,  # the REST API: backoffice/settings/api.py
    "backoffice.core",
    "backoffice.people",
    "backoffice.notifications",
    "backoffice.webhooks",
    "recruiting",
    "onboarding",
    "performance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 400 for null bytes and impossible date drill-downs in the query string.
    "backoffice.core.middleware.QueryStringGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "backoffice.core.middleware.SessionTimeoutMiddleware",
    # Records who made each change for the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Pages for a signed-in user are never stored by the browser or a shared cache.
    "backoffice.core.middleware.PrivatePagesNotStoredMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "backoffice.urls"
WSGI_APPLICATION = "backoffice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backoffice.core.context_processors.shell",
            ],
        },
    },
]

# --- Database: one database for every app -------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
except (ValueError, dj_database_url.UnknownSchemeError) as error:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {error}") from None
# No statement waits for ever: a long query or a lock held elsewhere ends with an error in
# bounded time instead of pinning a web worker. Web requests get the short limits; Celery
# workers (backoffice.celery switches them on start) and management commands other than
# runserver (migrations, imports, sweeps) the longer *_TASK ones. 0 turns a limit off.
DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 10_000, minimum=0)
DATABASE_LOCK_TIMEOUT_MS = env_int("DATABASE_LOCK_TIMEOUT_MS", 3_000, minimum=0)
DATABASE_STATEMENT_TIMEOUT_MS_TASK = env_int(
    "DATABASE_STATEMENT_TIMEOUT_MS_TASK", 10 * 60_000, minimum=0
)
DATABASE_LOCK_TIMEOUT_MS_TASK = env_int("DATABASE_LOCK_TIMEOUT_MS_TASK", 60_000, minimum=0)
_COMMAND = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] != ["runserver"]


def _database_session_options(*, task: bool) -> str:
    """libpq `options` for a PostgreSQL session of a web process, or of a task or command."""
    statement, lock = (
        (DATABASE_STATEMENT_TIMEOUT_MS_TASK, DATABASE_LOCK_TIMEOUT_MS_TASK)
        if task
        else (DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS)
    )
    options = [f"-c statement_timeout={statement}", f"-c lock_timeout={lock}"]
    # No JIT: our queries are short, and compiling one cost more than running it (29 of 41 ms
    # on the review cycle changelist at 20,000 reviews). DATABASE_JIT=1 turns it back on.
    if not env_bool("DATABASE_JIT", False):
        options.append("-c jit=off")
    # The planner's price of reading a page out of order, against 4 for a sequential one
    # (PostgreSQL's default, which assumes spinning disks). With the data in memory or on SSD
    # 1.1 is the usual setting; at 4 PostgreSQL read every candidate rather than combine the
    # trigram indexes of the search box (issue 22). 0 keeps the server's own setting.
    random_page_cost = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
    if random_page_cost not in ("", "0"):
        options.append(f"-c random_page_cost={float(random_page_cost)}")
    return " ".join(options)


if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    _options["options"] = _database_session_options(task=_COMMAND)
# What a Celery worker switches its connections to (backoffice.celery).
DATABASE_SESSION_OPTIONS_TASK = (
    _database_session_options(task=True)
    if DATABASES["default"]["ENGINE"].endswith("postgresql")
    else None
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and sign-in -------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses sign-in attempts from locked-out accounts and addresses.
    "axes.backends.AxesStandaloneBackend",
    # Single sign-on (OpenID Connect): answers only the provider's callback, and only when
    # configured below. The password backend stays last (the one sessions are made with in tests).
    "backoffice.people.sso.StaffOIDCBackend",
    "backoffice.people.backends.ModelBackendWithRoles",
]
# A session ends after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after
# sign-in whatever happens (backoffice.core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Failed sign-ins are throttled per account (whatever the address, case or spaces of the
# email) and, separately, per client address; a locked-out visitor sees the same page whether
# or not the account exists. A success clears that account's own failures, never those of
# other accounts tried from the same address (backoffice.people.auth.AccountResetHandler).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "backoffice.people.auth.login_attempt_username"
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "backoffice.people.auth.AccountResetHandler"
AXES_LOCKOUT_CALLABLE = "backoffice.people.auth.lockout_response"
# How many proxies of ours stand in front of the app. The one client-address function
# (backoffice.core.net.client_address) reads it, for the sign-in throttle as for the rest.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "backoffice.core.net.client_address"
AXES_VERBOSE = False
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 24 * 60 * 60, minimum=300)

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (resumes, documents) hold personal data: never served from a public URL, only
# through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# With STORAGE_URL (s3://bucket[/prefix]?endpoint_url=…) they go to S3-compatible object
# storage instead, so that several web servers and workers share them; still private, still
# served only through those views (streamed from the bucket; no bucket URL is ever handed out).
STORAGES = {
    "default": env_storage(
        "STORAGE_URL",
        # Bounded waits, as for every other client (README, "Operations").
        connect_timeout=env_int("STORAGE_CONNECT_TIMEOUT", 3, minimum=1),
        read_timeout=env_int("STORAGE_READ_TIMEOUT", 10, minimum=1),
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# The largest request body read into memory (form fields; uploads are limited by their own
# checks, and the proxy in front caps the whole body: see the README's security section).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)
# Uploads larger than this are streamed to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)

# --- Forms --------------------------------------------------------------------------------
# Form and widget templates come from the site's template engine, so templates/django/forms/
# can override Django's (the error list announces form-wide errors) and apps add widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email --------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: pick one.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Backoffice <hr@backoffice.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

# --- Security -----------------------------------------------------------------------------
# A TLS-terminating proxy in front of gunicorn sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files: no inline scripts or handlers anywhere. Inline
# style attributes stay allowed (progress bars, Bootstrap's own markup); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Celery -------------------------------------------------------------------------------
# With no broker configured (the embedded default) tasks run in-process, so `make run`
# needs no Redis. With one, every connection attempt is bounded so that no web request
# hangs when Redis is down; the beat sweeps catch up on whatever could not be queued.
REDIS_URL = env_url("REDIS_URL", schemes=("redis", "rediss"))
# The cache counts careers applications per address: with several gunicorn workers it must be
# shared (Redis), or each worker counts on its own. Unset: local memory, right for one process.
CACHE_URL = env_url("CACHE_URL", schemes=("redis", "rediss"))
# Seconds to open a connection to Redis and to wait for any one answer from it: a Redis that
# accepts connections but never answers (hung, swapped out, SIGSTOPped) costs at most this.
REDIS_CONNECT_TIMEOUT = env_int("REDIS_CONNECT_TIMEOUT", 1, minimum=1)
REDIS_SOCKET_TIMEOUT = env_int("REDIS_SOCKET_TIMEOUT", 1, minimum=1)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "backoffice",
            # A cache that is down or hung must not hold a page up for long (callers fail
            # open): both the connection and every read are bounded.
            "OPTIONS": {
                "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
# Sessions live in the database. With SESSIONS_IN_CACHE and a shared cache (CACHE_URL) they
# are also kept there, so a signed-in page reads its session from Redis instead of PostgreSQL
# (one query fewer, about 0.1 ms: bench/README.md). Off by default: a hung Redis would then
# hold every signed-in page up for REDIS_SOCKET_TIMEOUT, where database sessions are not
# touched by it. Never without CACHE_URL: each process's own memory would let one gunicorn
# worker keep a session another one ended.
SESSIONS_IN_CACHE = env_bool("SESSIONS_IN_CACHE", default=False) and bool(CACHE_URL)
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SESSIONS_IN_CACHE
    else "backoffice.people.session_store"  # Django's db sessions, read with SQL written once
)
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", REDIS_URL, schemes=("redis", "rediss", "amqp", "memory")
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never contacted; names no host to warn about
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Results are not kept (CELERY_TASK_IGNORE_RESULT); should a result backend on Redis be set,
# its connections are bounded the same way.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")
# The fixed part of beat's schedule and the sweeps timed by the settings in messaging.py.
CELERY_BEAT_SCHEDULE = {**beat_schedule.ENTRIES, **SWEEPS}
# Company-wide reports (turnover, hiring signals) are kept this long while their data do not
# change (backoffice/core/report_cache.py); 0 computes them on every view.
REPORT_CACHE_SECONDS = env_int("REPORT_CACHE_SECONDS", 300, minimum=0)
# After a change, the reports are refreshed in the background this much later: a burst of
# changes within it makes one refresh (backoffice/core/report_refresh.py).
REPORT_REFRESH_DELAY_SECONDS = env_int("REPORT_REFRESH_DELAY_SECONDS", 10, minimum=0)
# Off: no background refresh (pages compute a missing entry as they always can). The tests
# turn it off but for their own tests of it, so an outbox event runs no report by the way.
REPORT_REFRESH = env_bool("REPORT_REFRESH", default=True)
# The hiring signals report says nothing about a signal and an outcome with fewer hires.
HIRING_SIGNALS_MIN_N = env_int("HIRING_SIGNALS_MIN_N", 20, minimum=5)
# Pulse surveys (performance/): results of a group are shown only when at least this many
# people in it answered. Never below 3: a smaller group would let answers be guessed.
PULSE_MIN_GROUP = env_int("PULSE_MIN_GROUP", 5, minimum=3)
# Days a candidate who was not hired is kept after their last activity (privacy).
CANDIDATE_RETENTION_DAYS = env_int("CANDIDATE_RETENTION_DAYS", 365, minimum=1)

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
