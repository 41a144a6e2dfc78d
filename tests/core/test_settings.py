"""Settings come from the environment; bad values stop start-up and name the variable."""

import pytest

from tests.subprocess_env import STRONG_SECRET_KEY, base_environment, run_manage, run_python

SETUP = "import django; django.setup(); print('started')"


def _start(**environment):
    env = base_environment(DJANGO_SETTINGS_MODULE="backoffice.settings", **environment)
    return run_python(SETUP, env)


def test_development_defaults_start():
    result = _start(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_DEBUG", "maybe"),
        ("EMAIL_PORT", "twenty-five"),
        ("DATABASE_URL", "nosuchdb://x/y"),
        ("SITE_URL", "ftp://hr.example.com"),
        ("REDIS_URL", "localhost:6379"),
        ("CACHE_URL", "memcached://localhost"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("SESSION_IDLE_MINUTES", "0"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("EMAIL_USE_SSL", "sometimes"),
    ],
)
def test_malformed_value_stops_start_up_naming_the_variable(variable, value):
    result = _start(**{"DJANGO_DEBUG": "1", variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_a_secret_key():
    result = _start(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", ["short-key", "django-insecure-" + "x" * 60, "a" * 60])
def test_production_refuses_a_weak_secret_key(key):
    result = _start(DJANGO_DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_deploy_check_passes_with_no_warnings():
    env = base_environment(
        DJANGO_DEBUG="0", SECRET_KEY=STRONG_SECRET_KEY, ALLOWED_HOSTS="hr.example.com"
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", environment=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_runs_tasks_in_process_and_prints_mail():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DATABASES['default']['ENGINE'])"
    )
    env = base_environment(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="backoffice.settings")
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "django.db.backends.sqlite3",
    ]


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """Compiling a query plan cost more than running our short queries (see bench/README)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_cache_url_makes_the_cache_redis():
    env = base_environment(
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DJANGO_DEBUG="1",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    code = SETUP + "; from django.conf import settings; print(settings.CACHES['default'])"
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert "RedisCache" in result.stdout


SHOW_TIMEOUTS = (
    "from django.db import connection\n"
    "with connection.cursor() as cursor:\n"
    "    cursor.execute('SHOW statement_timeout'); statement = cursor.fetchone()[0]\n"
    "    cursor.execute('SHOW lock_timeout'); lock = cursor.fetchone()[0]\n"
    "print(statement, lock)\n"
)


@pytest.mark.postgres
def test_web_processes_and_commands_get_their_own_database_timeouts(db):
    """No query waits for ever: short limits for the web, longer ones for commands."""
    import os
    import re

    from django.db import connection

    name = connection.settings_dict["NAME"]
    env = base_environment(
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", os.environ["DATABASE_URL"], count=1),
        DATABASE_STATEMENT_TIMEOUT_MS="1500",
        DATABASE_LOCK_TIMEOUT_MS="700",
        DATABASE_STATEMENT_TIMEOUT_MS_TASK="90000",
        DATABASE_LOCK_TIMEOUT_MS_TASK="30000",
    )
    web = run_python("import django; django.setup()\n" + SHOW_TIMEOUTS, env)
    assert web.returncode == 0, web.stderr
    assert web.stdout.split() == ["1500ms", "700ms"]
    command = run_manage("shell", "-c", SHOW_TIMEOUTS, environment=env)
    assert command.returncode == 0, command.stderr
    assert command.stdout.strip().splitlines()[-1].split() == ["90s", "30s"]


@pytest.mark.parametrize(
    "variable",
    ["DATABASE_STATEMENT_TIMEOUT_MS", "DATABASE_LOCK_TIMEOUT_MS_TASK", "REDIS_SOCKET_TIMEOUT"],
)
def test_timeouts_refuse_malformed_values(variable):
    result = _start(DJANGO_DEBUG="1", **{variable: "soon"})
    assert result.returncode != 0
    assert variable in result.stderr


def test_redis_clients_have_read_timeouts_as_well_as_connect_timeouts():
    env = base_environment(
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_URL="redis://127.0.0.1:6379/1",
        REDIS_SOCKET_TIMEOUT="3",
    )
    code = SETUP + (
        "; from django.conf import settings as s; import json; print(json.dumps(["
        "s.CELERY_BROKER_TRANSPORT_OPTIONS['socket_timeout'],"
        "s.CACHES['default']['OPTIONS']['socket_timeout'], s.CELERY_REDIS_SOCKET_TIMEOUT]))"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[3, 3, 3]"
