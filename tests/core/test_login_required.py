"""Every page needs a signed-in user except the few that are public by design."""

import itertools

import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Public by design: sign-in and password reset, the health check, the favicon, and the admin's
# own sign-in (the admin sends anonymous visitors there itself).
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "favicon",
    "admin:login",
    # Single sign-on (issue 23): the way to the OpenID provider and its way back.
    "oidc_authentication_init",
    "oidc_authentication_callback",
    # The careers page: candidates apply without an account.
    "careers:list",
    "careers:detail",
    "careers:applied",
    # For job search engines and boards (issue 23): the open jobs, as the careers page shows.
    "careers:feed_rss",
    "careers:feed_xml",
    "sitemap",
    "robots_txt",
    # The data-entry test: candidates take it through a signed, single-use, expiring link.
    "recruiting:skills_test_take",
    # The signed link in the confirmation email: a candidate withdraws and erases their data.
    "careers:withdraw",
    # The candidate's signed links: their offer (letter, PDF) and their application's status.
    "careers:offer",
    "careers:offer_pdf",
    "careers:status",
    "careers:status_interview_ics",
    # The leaver's exit questionnaire through the signed link HR sends (issue 20).
    "people:exit_link",
    # A pulse survey's emailed answer link: signed for one person and round (issue 21).
    "performance:pulse_answer_link",
}
SAMPLE_VALUES = ["1", "people", "user", "x", "00000000-0000-0000-0000-000000000001"]


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_url(name: str, entry: URLPattern) -> str:
    regex = entry.pattern.regex
    named = list(regex.groupindex)
    count = len(named) or regex.groups
    for values in itertools.product(SAMPLE_VALUES, repeat=count):
        try:
            if named:
                return reverse(name, kwargs=dict(zip(named, values, strict=True)))
            return reverse(name, args=values)
        except NoReverseMatch:
            continue
    raise AssertionError(f"Could not build a URL for {name}; add a sample value")


def _all_urls():
    seen = {}
    for name, entry in _named_patterns():
        seen.setdefault(name, entry)
    return sorted(seen.items())


def _is_api(name: str, entry: URLPattern) -> bool:
    """The API's endpoints authenticate themselves (token or session) and answer 401; its
    documentation is a page like the others."""
    return name.startswith("api:") and name != "api:docs"


PRIVATE_URLS = [
    (name, entry) for name, entry in _all_urls() if name not in PUBLIC and not _is_api(name, entry)
]
API_URLS = [(name, entry) for name, entry in _all_urls() if _is_api(name, entry)]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), PRIVATE_URLS, ids=[name for name, _ in PRIVATE_URLS])
def test_anonymous_visitor_is_sent_to_sign_in(client, name, entry):
    url = _sample_url(name, entry)
    response = client.get(url)
    assert response.status_code == 302, f"{name} ({url}) answered {response.status_code}"
    location = response.headers["Location"]
    assert location.startswith(("/accounts/login/", "/admin/login/")), (name, location)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "entry"), API_URLS, ids=[name for name, _ in API_URLS])
def test_anonymous_api_call_gets_401(client, name, entry):
    cache.clear()  # the anonymous calls of the other API tests count against the same address
    url = _sample_url(name, entry)
    for response in (client.get(url), client.post(url, {}, content_type="application/json")):
        assert response.status_code == 401, f"{name} ({url}) answered {response.status_code}"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_api_is_found_and_its_docs_page_needs_a_sign_in():
    names = {name for name, _ in API_URLS}
    assert {"api:requisition-list", "api:application-move", "api:schema"} <= names
    assert "api:docs" in {name for name, _ in PRIVATE_URLS}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC - {"logout", "password_reset_confirm"}))
def test_public_pages_answer_without_sign_in(client, name):
    entry = dict(_all_urls())[name]
    response = client.get(_sample_url(name, entry))
    # A sample id may name no object (404): still answered without a sign-in redirect.
    assert response.status_code in {200, 301, 302, 404}
    if response.status_code in {301, 302}:
        assert "login" not in response.headers["Location"] or name == "admin:login"


def test_the_walk_finds_the_app_pages():
    names = {name for name, _ in _all_urls()}
    assert {"home", "recruiting:landing", "onboarding:landing", "performance:landing"} <= names
    assert "admin:index" in names
