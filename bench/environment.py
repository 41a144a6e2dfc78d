"""The settings a benchmark runs under, set before Django starts.

Measured as production runs: DEBUG off (no template debug data, no query log) unless the
script was given --debug. Queries are still counted: CaptureQueriesContext forces the debug
cursor.
"""

from __future__ import annotations

import os
import secrets

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "STATIC_MANIFEST": "0",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
}


def use_benchmark_settings(argv: list[str]) -> None:
    if "--debug" in argv:
        os.environ.setdefault("DJANGO_DEBUG", "1")
    else:
        os.environ.update(PRODUCTION_ENV)
    # Production runs with a shared cache (docker-compose.yml sets CACHE_URL); the benchmark
    # does the same with REDIS_URL unless told otherwise. Sessions stay in the database unless
    # SESSIONS_IN_CACHE=1 (settings.SESSION_ENGINE), as in production.
    if os.environ.get("REDIS_URL") and "CACHE_URL" not in os.environ:
        os.environ["CACHE_URL"] = os.environ["REDIS_URL"]
