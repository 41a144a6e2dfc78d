"""Malformed query parameters never make a page fail: every list, filter and report page, as HR.

The parameters are discovered, not listed by hand: for every page of the permission matrix
(tests/security/access_tables.py) that HR may open, the view's source is read for
`request.GET.get("…")` and for the FilterSets it binds to `request.GET`, whose form fields (with
the suffixes of range widgets) are the parameters; `page` is tried everywhere. The admin's
change lists are walked the same way: their search, ordering, page and list-filter parameters.
Each parameter gets each hostile value on its own, then all of them at once.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode

import django_filters
import pytest
from django.contrib import admin
from django.urls import resolve, reverse

from tests.security.access_tables import ADMIN_MODELS, SITE_TABLES
from tests.security.world import HR, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

HOSTILE = {
    "word": "abc",
    "23 digits": "9" * 23,
    "negative": "-1",
    "zero": "0",
    "float": "1.5e3",
    "superscript digit": "²",
    "full-width digits": "\uff11\uff12",
    "impossible date": "2026-02-30",
    "far date": "9999-12-31",
    "five-digit year": "99999-01-01",
    "line break": "a\r\nb",
    "null byte": "a\x00b",
    "over-long": "x" * 5000,
    "percent": "%",
    "markup": "<script>alert(1)</script>",
}
# The admin's list pages are Django's own; fewer values keep the walk short.
ADMIN_HOSTILE = {
    key: HOSTILE[key]
    for key in ("word", "23 digits", "impossible date", "line break", "null byte", "over-long")
} | {"last year": "9999", "year zero": "0"}

# request.GET.get("x"), request.GET["x"], and helpers called as f(request.GET, "x").
_GET_PARAMETER = re.compile(r"""request\.GET(?:\.get\(|\[|,)\s*["'](\w+)["']""")
_FILTERSET = re.compile(r"(\w+)\(\s*request\.GET")


def _filterset_parameters(filterset_class, user) -> set[str]:
    kwargs = {}
    if "user" in inspect.signature(filterset_class.__init__).parameters:
        kwargs["user"] = user
    filterset = filterset_class(None, queryset=filterset_class._meta.model.objects.none(), **kwargs)
    names = set()
    for name, field in filterset.form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        if suffixes:
            names.update(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
        else:
            names.add(name)
    return names


def _view_parameters(url: str, user) -> set[str]:
    view = inspect.unwrap(resolve(url).func)
    view = getattr(view, "view_class", view)
    source = inspect.getsource(view)
    names = set(_GET_PARAMETER.findall(source)) | {"page"}
    namespace = getattr(view, "__globals__", None) or vars(inspect.getmodule(view))
    for class_name in _FILTERSET.findall(source):
        candidate = namespace.get(class_name)
        if isinstance(candidate, type) and issubclass(candidate, django_filters.FilterSet):
            names |= _filterset_parameters(candidate, user)
    return names


def _hr_pages(world) -> list[tuple[str, str]]:
    pages = []
    for app, table in SITE_TABLES.items():
        for name, entry in table.items():
            if HR not in entry.allowed | entry.filtered or name in {"logout"}:
                continue
            if entry.obj is None:
                url = reverse(name, kwargs=entry.kwargs or None)
            else:
                value = world.objects[entry.obj]
                url = reverse(name, kwargs={entry.kwarg: getattr(value, "pk", value)})
            pages.append((app, url))
    return pages


def _admin_parameters(model_admin, request) -> set[str]:
    names = {"q", "o", "p", "all", "_to_field", "e"}
    for list_filter in model_admin.get_list_filter(request):
        field = list_filter[0] if isinstance(list_filter, tuple | list) else list_filter
        if isinstance(field, str):
            names |= {f"{field}__exact", f"{field}__id__exact", f"{field}__isnull"}
            names |= {f"{field}__gte", f"{field}__lt"}
        else:
            names.add(getattr(field, "parameter_name", None) or "")
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names - {""}


def _check(client, app: str, url: str, parameters: set[str], values: dict, failures: list):
    for parameter in sorted(parameters):
        for label, value in values.items():
            response = client.get(f"{url}?{urlencode({parameter: value})}")
            if response.status_code >= 500:
                failures.append((app, url, parameter, label))
    everything = dict.fromkeys(parameters, HOSTILE["23 digits"])
    if client.get(f"{url}?{urlencode(everything)}").status_code >= 500:
        failures.append((app, url, "*", "23 digits"))


def _report(failures: list) -> None:
    assert not failures, "500 on malformed parameters:\n" + "\n".join(map(str, failures))


@pytest.fixture
def hr_world(client):
    world = build_world()
    client.raise_request_exception = False
    client.force_login(world.users[HR])
    return world, client


def test_every_parameter_of_every_page_survives_hostile_values(hr_world):
    world, client = hr_world
    failures: list = []
    checked = 0
    for app, url in _hr_pages(world):
        parameters = _view_parameters(url, world.users[HR])
        _check(client, app, url, parameters, HOSTILE, failures)
        checked += len(parameters)
    assert checked > 40  # the discovery found the filters, not just `page`
    _report(failures)


def test_every_admin_list_survives_hostile_values(hr_world, rf):
    world, client = hr_world
    request = rf.get("/")
    request.user = world.users[HR]
    failures: list = []
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label not in ADMIN_MODELS:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        _check(
            client,
            model._meta.app_label,
            url,
            _admin_parameters(model_admin, request),
            ADMIN_HOSTILE,
            failures,
        )
    _report(failures)


def test_the_discovery_finds_the_parameters_pages_read(hr_world):
    world, _client = hr_world
    hr = world.users[HR]
    assert {"department", "page"} <= _view_parameters(reverse("onboarding:training_matrix"), hr)
    assert {"cycle", "page"} <= _view_parameters(reverse("performance:reports"), hr)
    assert {"owner", "kind", "status", "department", "employee"} <= _view_parameters(
        reverse("onboarding:items"), hr
    )
    assert {"kind", "audience"} <= _view_parameters(reverse("notifications:reminder_list"), hr)


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("performance:reports", {"cycle": "abc"}),
        ("performance:reports", {"cycle": "9" * 23}),
        ("onboarding:training_matrix", {"department": "9" * 23}),
        ("onboarding:training_matrix", {"department": "²"}),
    ],
)
def test_the_reviewed_parameters_answer_normally(client_for, hr_user, url_name, query):
    client = client_for(hr_user)
    client.raise_request_exception = False
    assert client.get(reverse(url_name), query).status_code == 200
