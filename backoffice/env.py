"""Read settings from the environment, refusing malformed values by name.

Modelled on healthchecks' envbool/envint: a typo in a deployment must stop start-up with a
message that says which variable is wrong, never fall back silently to a default.
"""

from __future__ import annotations

import os
import zoneinfo
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in TRUE_VALUES:
        return True
    if lowered in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use 1/0, true/false or yes/no.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below its minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_url(name: str, default: str = "", *, schemes: tuple[str, ...]) -> str:
    """A URL whose scheme is one of `schemes`; empty stays empty."""
    value = env_str(name, default)
    if not value:
        return value
    parts = urlsplit(value)
    if parts.scheme not in schemes or not (parts.netloc or parts.path):
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise ImproperlyConfigured(f"{name}={value!r} is not a URL starting with {allowed}.")
    return value


def env_timezone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time zone name such as Europe/London."
        ) from None
    return value


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def env_weekdays(name: str, default: str) -> frozenset[int]:
    """Days of the week as ISO numbers (Monday = 1), from e.g. "mon-fri" or "mon,wed,sat"."""
    value = env_str(name, default).lower()
    days: set[int] = set()
    for part in (piece.strip() for piece in value.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ImproperlyConfigured(
                f"{name}={value!r} is not a list of days such as mon-fri or mon,tue,sat."
            )
        start = WEEKDAYS.index(first)
        end = WEEKDAYS.index(last) if last else start
        if end < start:
            raise ImproperlyConfigured(f"{name}={value!r}: a range must run forwards (mon-fri).")
        days.update(range(start + 1, end + 2))
    if not days:
        raise ImproperlyConfigured(f"{name} names no day at all.")
    return frozenset(days)


def env_hour_range(name: str, default: str) -> tuple[int, int] | None:
    """A span of whole hours "start-end" in 0..24 (it may wrap midnight: "19-7").

    Empty or "none" means no span at all.
    """
    value = env_str(name, default)
    if not value or value.lower() == "none":
        return None
    start, _, end = value.partition("-")
    try:
        hours = int(start), int(end)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a span of hours such as 19-7 (leave it empty for none)."
        ) from None
    if not all(0 <= hour <= 24 for hour in hours) or hours[0] == hours[1]:
        raise ImproperlyConfigured(f"{name}={value!r}: hours run from 0 to 24 and must differ.")
    return hours


def env_holidays(country_name: str, subdivision_name: str) -> tuple[str, str]:
    """A country (ISO 3166 code) and optional subdivision the `holidays` library knows.

    Empty country means no public holidays; a subdivision needs a country.
    """
    country = env_str(country_name).upper()
    subdivision = env_str(subdivision_name).upper()
    if not country:
        if subdivision:
            raise ImproperlyConfigured(f"{subdivision_name} is set but {country_name} is not.")
        return "", ""
    import holidays  # only when a country is configured

    supported = holidays.list_supported_countries()
    if country not in supported:
        raise ImproperlyConfigured(
            f"{country_name}={country!r} is not a country code the holidays library knows "
            "(e.g. GB, DE, US, FR)."
        )
    if subdivision and subdivision not in supported[country]:
        raise ImproperlyConfigured(
            f"{subdivision_name}={subdivision!r} is not a subdivision of {country}: "
            f"use one of {', '.join(supported[country])}."
        )
    return country, subdivision


def env_single_sign_on(
    name: str,
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    endpoints: tuple[str, ...],
) -> str:
    """Who must use single sign-on (`name`: none, staff or all), once the OpenID Connect
    settings are known to be whole: a client id and secret with an issuer or every endpoint.
    """
    required = env_str(name, "none").lower()
    if required not in {"none", "staff", "all"}:
        raise ImproperlyConfigured(f"{name}={required!r}: use none, staff or all.")
    if client_id:
        if not issuer and not all(endpoints):
            raise ImproperlyConfigured(
                "OIDC_CLIENT_ID is set but not OIDC_ISSUER: set the provider's issuer URL, or "
                "all of OIDC_AUTHORIZATION_ENDPOINT, OIDC_TOKEN_ENDPOINT, "
                "OIDC_USERINFO_ENDPOINT and OIDC_JWKS_ENDPOINT."
            )
        if not client_secret:
            raise ImproperlyConfigured("OIDC_CLIENT_ID is set but not OIDC_CLIENT_SECRET.")
    elif issuer or any(endpoints):
        raise ImproperlyConfigured("OIDC_ISSUER or an endpoint is set but not OIDC_CLIENT_ID.")
    elif required != "none":
        raise ImproperlyConfigured(
            f"{name}={required} needs single sign-on: set OIDC_ISSUER and OIDC_CLIENT_ID."
        )
    return required


# What STORAGE_URL's query string may say, and the S3Storage option each one sets.
_STORAGE_QUERY = {
    "endpoint_url": "endpoint_url",
    "region": "region_name",
    "addressing_style": "addressing_style",
}


def env_storage(name: str, *, connect_timeout: int = 3, read_timeout: int = 10) -> dict:
    """The default storage (STORAGES["default"]): the file system (MEDIA_ROOT) when `name` is
    unset, else S3Storage (django-storages) at `s3://bucket[/prefix][?endpoint_url=…&region=…
    &addressing_style=path|virtual]`.

    The credentials are not in the URL (it is logged and shown too easily): boto3 reads
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role) itself. Files are private:
    no ACL is set, and nothing links to the bucket; the app streams every file through its
    access-checked views. Every call has a connect and a read timeout.
    """
    options = _storage_options(name)
    if options is None:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **options,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "client_config": Config(
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


def _storage_options(name: str) -> dict | None:
    from urllib.parse import parse_qsl

    value = env_url(name, schemes=("s3",))
    if not value:
        return None
    parts = urlsplit(value)
    if not parts.hostname or parts.username or parts.password:
        raise ImproperlyConfigured(
            f"{name} must be s3://bucket[/prefix][?endpoint_url=…]; credentials go in "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not in the URL."
        )
    options: dict = {"bucket_name": parts.hostname, "location": parts.path.strip("/")}
    for key, option_value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in _STORAGE_QUERY:
            allowed = ", ".join(sorted(_STORAGE_QUERY))
            raise ImproperlyConfigured(f"{name}: unknown option {key!r} (known: {allowed}).")
        if key == "endpoint_url" and urlsplit(option_value).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"{name}: endpoint_url must be an http(s) URL.")
        if key == "addressing_style" and option_value not in ("path", "virtual"):
            raise ImproperlyConfigured(f"{name}: addressing_style is path or virtual.")
        options[_STORAGE_QUERY[key]] = option_value
    return options
