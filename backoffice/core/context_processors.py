from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from backoffice.people.roles import RECRUITING_ROLES, Role


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


@lru_cache(maxsize=64)
def _nav_targets(role_names: frozenset[str], everything: bool) -> tuple[tuple[str, str], ...]:
    """(label, url) of the top bar's links for a set of roles, worked out once per process
    (issue 22: the reverse() calls cost more than the rest of the context processor)."""

    def has(*roles: str) -> bool:
        return everything or bool(role_names.intersection(roles))

    wanted = [("My work", "home")]
    if has(*RECRUITING_ROLES):
        wanted.append(("Recruiting", "recruiting:landing"))
    if has(Role.EMPLOYEE, Role.HR):
        wanted += [("Onboarding", "onboarding:landing"), ("Performance", "performance:landing")]
    return tuple((label, reverse(name)) for label, name in wanted)


def _nav_links(request: HttpRequest) -> list[NavLink]:
    user = request.user
    # The same rule as User.has_role: an active superuser has every role.
    targets = _nav_targets(user.role_names, user.is_active and user.is_superuser)
    path = request.path
    return [
        NavLink(
            label=label,
            url=url,
            active=path == url if url == "/" else path.startswith(url),
        )
        for label, url in targets
    ]


@lru_cache(maxsize=1)
def _shell_urls() -> dict[str, str]:
    """The top bar's fixed links ({{ shell_urls.logout }}), reversed once per process: seven
    {% url %} tags cost about 0.17 ms on every page (issue 22)."""
    names = {
        "home": "home",
        "careers": "careers:list",
        "login": "login",
        "logout": "logout",
        "admin": "admin:index",
        "reminders": "notifications:preferences",
        "password_change": "password_change",
        "api_tokens": "apitokens:list",
    }
    return {key: reverse(name) for key, name in names.items()}


def shell(request: HttpRequest) -> dict:
    """The top bar's links, which depend on the signed-in user's roles."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "brand_name": settings.SITE_NAME,
        "nav_links": _nav_links(request) if signed_in else [],
        "shell_urls": _shell_urls(),
    }
