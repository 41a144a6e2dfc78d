"""The UI shell: base template, pagination partial, error pages, vendored assets."""

from pathlib import Path

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_base_page_has_landmarks_and_loads_only_local_assets(client_for, employee_user):
    page = client_for(employee_user).get(reverse("home")).content.decode()
    for landmark in ("<header", '<nav class="navbar', '<main id="main"', "<footer", "Skip to main"):
        assert landmark in page
    assert 'name="viewport"' in page
    assert "http://" not in page.split("<body")[0]
    assert "https://" not in page.split("<body")[0]
    assert "<script>" not in page  # no inline scripts: a strict CSP can hold
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page


@pytest.mark.parametrize("package", ["bootstrap", "htmx", "chartjs"])
def test_vendored_packages_carry_version_and_licence(package):
    folder = ROOT / "static" / "vendor" / package
    assert (folder / "VERSION").read_text().strip()
    assert any(folder.glob("LICENSE*"))


def test_pagination_partial_keeps_the_query_string():
    request = RequestFactory().get("/list/", {"stage": "interview", "page": "2"})
    page = Paginator(list(range(60)), 25).page(2)
    html = render_to_string("_partials/pagination.html", {"page": page}, request=request)
    assert "26\u201350 of 60" in html
    assert "?stage=interview&amp;page=3" in html
    assert "?stage=interview&amp;page=1" in html


def test_pagination_partial_is_silent_for_a_single_page():
    request = RequestFactory().get("/list/")
    page = Paginator([1, 2], 25).page(1)
    html = render_to_string("_partials/pagination.html", {"page": page}, request=request)
    assert html.strip() == ""


def test_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html


@pytest.mark.django_db
def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


@pytest.mark.django_db
def test_messages_are_shown(client_for, employee_user):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    client = client_for(employee_user)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Saved <b>safely</b>")
    response_cookie = storage._encode([*storage._queued_messages])
    client.cookies["messages"] = response_cookie
    page = client.get(reverse("home")).content.decode()
    assert "Saved &lt;b&gt;safely&lt;/b&gt;" in page
    assert "alert-success" in page


@pytest.mark.django_db
def test_auth_pages_keep_the_product_name_in_the_top_bar(client):
    # Django's auth views put the request's host in `site_name`; the shell must not show it.
    page = client.get(reverse("login")).content.decode()
    assert "<title>Sign in · Backoffice</title>" in page
    assert "testserver" not in page
