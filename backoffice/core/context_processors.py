from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from backoffice.people.roles import RECRUITING_ROLES, Role


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


def _nav_links(request: HttpRequest) -> list[NavLink]:
    user = request.user
    wanted = [("My work", "home")]
    if user.has_role(*RECRUITING_ROLES):
        wanted.append(("Recruiting", "recruiting:landing"))
    if user.has_role(Role.EMPLOYEE, Role.HR):
        wanted += [("Onboarding", "onboarding:landing"), ("Performance", "performance:landing")]
    links = []
    for label, name in wanted:
        url = reverse(name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        links.append(NavLink(label=label, url=url, active=active))
    return links


def shell(request: HttpRequest) -> dict:
    """The top bar's links, which depend on the signed-in user's roles."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "brand_name": settings.SITE_NAME,
        "nav_links": _nav_links(request) if signed_in else [],
    }
