"""Every URL, every role, GET and POST, on side A's objects: who is not allowed gets nothing.

The expectations live in tests/security/access_tables.py, one table per app. A URL in the
URLconf that no table declares fails test_every_url_is_declared: add it there.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.core.test_login_required import _all_urls
from tests.security.access_tables import ADMIN_MODELS, ADMIN_SITE_URLS, SITE_TABLES
from tests.security.world import (
    ANON,
    CANDIDATE,
    EMPLOYEE,
    HR,
    INTERVIEWER,
    OTHER_HIRING_MANAGER,
    ROLES,
    SECRETS,
    build_world,
    database_checksum,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

SITE_ENTRIES = {name: entry for table in SITE_TABLES.values() for name, entry in table.items()}
URLS = dict(_all_urls())
SITE_URL_NAMES = sorted(name for name in URLS if not name.startswith("admin:"))
# 401: the API's answer to a call without credentials (it sends no one to a sign-in page).
DENIED = {401, 403, 404, 405}
LOGIN_PREFIXES = ("/accounts/login/", "/admin/login/")


@pytest.fixture
def world():
    return build_world()


def _client_for(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    if role == CANDIDATE:
        # A candidate who has just opened their own withdraw link (a real token, theirs).
        assert (
            client.get(reverse("careers:withdraw", args=[world.candidate_token])).status_code == 200
        )
    return client


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _assert_security_headers(response, where: str) -> None:
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Frame-Options"] == "DENY", where
    if response.get("Content-Type", "").startswith("text/html"):
        assert "script-src 'self'" in response["Content-Security-Policy"], where
    if response.get("Content-Disposition", "").startswith("inline") or (
        "application/pdf" in response.get("Content-Type", "")
    ):
        assert response["Content-Disposition"].startswith("attachment"), where


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN_PREFIXES)


def _url(name: str, entry, world) -> str:
    if entry.obj is None:
        return reverse(name, kwargs=entry.kwargs or None)
    value = world.objects[entry.obj]
    return reverse(name, kwargs={entry.kwarg: getattr(value, "pk", value)})


def test_the_change_detector_sees_every_kind_of_write(world):
    department = world.objects["employee"].department
    before = database_checksum()
    type(department).objects.filter(pk=department.pk).update(name=department.name)
    assert database_checksum() > before  # even a write of the same value
    before = database_checksum()
    world.objects["goal"].delete()
    assert database_checksum() > before


def test_every_url_is_declared():
    missing = sorted(set(SITE_URL_NAMES) - set(SITE_ENTRIES))
    assert not missing, (
        f"URLs without an entry in the permission matrix: {missing}. Add each to its app's "
        "table in tests/security/access_tables.py (who may reach it, and with which object)."
    )
    stale = sorted(set(SITE_ENTRIES) - set(SITE_URL_NAMES))
    assert not stale, f"Entries for URLs that no longer exist: {stale}; remove them."


@pytest.mark.parametrize("name", sorted(SITE_ENTRIES))
def test_site_url(world, name):
    entry = SITE_ENTRIES[name]
    url = _url(name, entry, world)
    for role in ROLES:
        client = _client_for(world, role)
        reached = []
        for method in ("get", "post"):
            data = entry.post(world) if (method == "post" and entry.post) else {}
            where = f"{role} {method.upper()} {name} ({url})"
            before = database_checksum() if role not in entry.allowed else None
            response = getattr(client, method)(url, data)
            assert response.status_code < 500, where
            _assert_security_headers(response, where)
            body = _body(response)
            if role != HR:
                leaked = [secret for secret in SECRETS if secret in body]
                assert not leaked, f"{where} shows side A's data: {leaked}"
            if role in entry.allowed:
                reached.append(
                    response.status_code not in DENIED and not _is_login_redirect(response)
                )
                continue
            assert database_checksum() == before, f"{where} changed rows"
            if role in entry.filtered:
                continue
            if role in (ANON, CANDIDATE) and response.status_code == 302:
                assert _is_login_redirect(response), where
            else:
                assert response.status_code in DENIED, f"{where} answered {response.status_code}"
        if role in entry.allowed:
            assert any(reached), f"{role} should reach {name} ({url}) but was refused"


# --- The admin --------------------------------------------------------------------------------


def _admin_model_urls(label: str) -> list[str]:
    app_label, model_name = label.split(".")
    prefix = f"admin:{app_label}_{model_name}_"
    return sorted(name for name in URLS if name.startswith(prefix))


def test_every_admin_url_is_declared():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - set(ADMIN_MODELS) == set(), (
        "Admin models missing from ADMIN_MODELS in tests/security/access_tables.py: "
        f"{sorted(registered - set(ADMIN_MODELS))}"
    )
    assert set(ADMIN_MODELS) - registered == set(), "ADMIN_MODELS lists unregistered models"
    model_urls = {name for label in ADMIN_MODELS for name in _admin_model_urls(label)}
    admin_urls = {name for name in URLS if name.startswith("admin:")}
    undeclared = admin_urls - model_urls - ADMIN_SITE_URLS
    assert not undeclared, f"Admin URLs not in the matrix: {sorted(undeclared)}"


def _admin_url(name: str, obj, history_id: int) -> str:
    pattern = URLS[name].pattern.regex
    kwargs = {}
    for group in pattern.groupindex:
        kwargs[group] = {"object_id": obj.pk if obj else 1, "history_id": history_id}.get(group, 1)
    if not pattern.groupindex and pattern.groups:
        return reverse(name, args=[obj.pk if obj else 1] * pattern.groups)
    return reverse(name, kwargs=kwargs or None)


# Every non-staff role meets the same door; these stand for all of them, with a staff user
# who is not HR (a hiring manager given staff status) and HR.
ADMIN_ROLES = (ANON, EMPLOYEE, INTERVIEWER, OTHER_HIRING_MANAGER, HR)


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_admin_model(world, label):
    from django.apps import apps

    model = apps.get_model(label)
    obj = model._default_manager.first()
    history = getattr(obj, "history", None) if obj is not None else None
    history_id = history.first().pk if history is not None and history.exists() else 1
    staff_not_hr = world.users[OTHER_HIRING_MANAGER]
    staff_not_hr.is_staff = True
    staff_not_hr.save(update_fields=["is_staff"])
    clients = {role: _client_for(world, role) for role in ADMIN_ROLES}
    for name in _admin_model_urls(label):
        url = _admin_url(name, obj, history_id)
        for role, client in clients.items():
            where = f"{role} GET {name} ({url})"
            before = database_checksum()
            response = client.get(url)
            assert response.status_code < 500, where
            _assert_security_headers(response, where)
            if role == HR:
                continue
            assert database_checksum() == before, where
            user = world.users[role]
            if user is None or not user.is_staff:
                # Anonymous visitors meet the site's sign-in first; signed-in non-staff the admin's.
                assert _is_login_redirect(response), f"{where} answered {response.status_code}"
                if user is not None:
                    assert response["Location"].startswith("/admin/login/"), where
                continue
            # Staff without HR: HR-only models are closed; viewable ones are never writable.
            readable = ADMIN_MODELS[label] == "staff_view" and re.search(
                r"_(changelist|change|history|simple_history)$", name
            )
            if not readable:
                assert response.status_code in {403, 404, 302}, f"{where}: {response.status_code}"
                if response.status_code == 302:
                    assert not response["Location"].startswith(url), where
            body = _body(response)
            assert not [secret for secret in SECRETS if secret in body], where
        # A POST by anyone but HR changes nothing.
        for role, client in clients.items():
            if role == HR:
                continue
            before = database_checksum()
            response = client.post(url, {"name": "planted", "title": "planted"})
            assert response.status_code < 500, f"{role} POST {name}"
            assert database_checksum() == before, f"{role} POST {name} changed rows"


@pytest.mark.parametrize("name", sorted(ADMIN_SITE_URLS - {"admin:login", "admin:logout"}))
def test_admin_site_pages_send_non_staff_to_the_admin_sign_in(world, name):
    entry = URLS[name]
    pattern = entry.pattern.regex
    kwargs = {group: "recruiting" if group == "app_label" else "1" for group in pattern.groupindex}
    url = reverse(name, kwargs=kwargs or None)
    for role in ROLES:
        user = world.users[role]
        if user is not None and user.is_staff:
            continue
        response = _client_for(world, role).get(url)
        assert _is_login_redirect(response), f"{role} GET {name} answered {response.status_code}"
