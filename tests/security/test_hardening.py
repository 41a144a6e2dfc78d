"""Hardening from the security review: no stored private pages, bounded request bodies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.recruiting import RequisitionFactory
from tests.subprocess_env import base_environment, run_python

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name", ["home", "onboarding:landing", "performance:reports", "admin:index"]
)
def test_signed_in_pages_are_never_stored(client_for, hr_user, url_name):
    response = client_for(hr_user).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_signed_in_error_page_is_not_stored_either(client_for, employee_user):
    response = client_for(employee_user).get(reverse("performance:reports"))
    assert response.status_code in {403, 404}
    assert response["Cache-Control"] == "private, no-store"


def test_public_pages_for_anonymous_visitors_keep_their_caching(client):
    RequisitionFactory()
    response = client.get(reverse("careers:list"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_request_body_over_the_limit_is_refused(client_for, hr_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024
    client = client_for(hr_user)
    client.raise_request_exception = False
    response = client.post(reverse("admin:people_department_add"), {"name": "x" * 20 * 1024})
    assert response.status_code == 400


def test_body_limits_come_from_the_environment_with_sane_defaults():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.FILE_UPLOAD_MAX_MEMORY_SIZE)"
    )
    env = base_environment(DJANGO_SETTINGS_MODULE="backoffice.settings", DJANGO_DEBUG="1")
    assert run_python(code, env).stdout.split() == ["2621440", "2621440"]
    env.update(DATA_UPLOAD_MAX_MEMORY_SIZE="65536", FILE_UPLOAD_MAX_MEMORY_SIZE="131072")
    assert run_python(code, env).stdout.split() == ["65536", "131072"]
    env["DATA_UPLOAD_MAX_MEMORY_SIZE"] = "lots"
    failed = run_python(code, env)
    assert failed.returncode != 0
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" in failed.stderr


@pytest.mark.parametrize(
    "query",
    [{"q": "a\x00b"}, {"start_date__year": "9" * 23}, {"start_date__year": "9999"}],
)
def test_impossible_query_strings_are_a_bad_request(client_for, hr_user, query):
    client = client_for(hr_user)
    client.raise_request_exception = False
    response = client.get(reverse("admin:people_employee_changelist"), query)
    assert response.status_code == 400


def test_a_real_date_drill_down_still_works(client_for, hr_user):
    response = client_for(hr_user).get(
        reverse("admin:people_employee_changelist"), {"start_date__year": "2026"}
    )
    assert response.status_code == 200
