"""The shared paginator: exact counts below its threshold, the planner's estimate above it."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from backoffice.core import pagination
from backoffice.core.pagination import EstimatedCountPaginator
from backoffice.people.models import Department
from tests.factories.recruiting import ApplicationFactory, RequisitionFactory

pytestmark = pytest.mark.django_db


def _departments(count: int):
    Department.objects.bulk_create(Department(name=f"Department {n:02}") for n in range(count))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_department")
    return Department.objects.order_by("pk")


def test_below_the_threshold_the_count_is_exact_and_every_page_is_offered(
    django_assert_num_queries,
):
    departments = _departments(7)
    paginator = EstimatedCountPaginator(departments, 2, exact_below=10)
    with django_assert_num_queries(1):
        assert (paginator.count, paginator.estimated, paginator.capped) == (7, False, False)
    assert (paginator.num_pages, paginator.listed) == (4, 7)
    assert paginator.get_page(4).end_index() == 7
    assert [d.name for d in paginator.get_page(4)] == ["Department 06"]


def test_a_list_exactly_at_the_threshold_is_exact():
    paginator = EstimatedCountPaginator(_departments(5), 2, exact_below=5)
    assert (paginator.count, paginator.estimated) == (5, False)


@pytest.mark.postgres
def test_above_the_threshold_the_count_is_the_planners_estimate_in_one_query(
    django_assert_num_queries,
):
    departments = _departments(40)
    named = departments.filter(name__startswith="Dep")
    paginator = EstimatedCountPaginator(named, 2, exact_below=5)
    with django_assert_num_queries(1):
        assert paginator.estimated
        count = paginator.count
    # The planner's figure (fresh statistics: the 40 rows), never fewer than were counted.
    assert count > 5
    assert count == 40
    assert paginator.rounded_count == 40
    # The pages offer the first `exact_below` rows: each one full and correct, and a page
    # past them shows the last one offered, never an error.
    assert (paginator.listed, paginator.num_pages, paginator.capped) == (5, 3, True)
    last = paginator.get_page(99)
    assert last.number == 3
    assert (last.start_index(), last.end_index()) == (5, 5)
    assert [d.name for d in last] == ["Department 04"]
    assert not last.has_next()


@pytest.mark.postgres
def test_estimates_are_rounded_to_two_figures():
    paginator = EstimatedCountPaginator(Department.objects.all(), 2, exact_below=0)
    paginator.__dict__["_counted"] = (1_234_567, True)
    assert paginator.rounded_count == 1_200_000


def test_elsewhere_than_postgresql_the_count_is_exact_whatever_the_size(monkeypatch):
    # The SQLite pass runs this for real; on PostgreSQL the same branch is taken by name.
    monkeypatch.setattr(connection, "vendor", "sqlite")
    paginator = EstimatedCountPaginator(_departments(12), 2, exact_below=5)
    assert (paginator.count, paginator.estimated, paginator.num_pages) == (12, False, 6)


@pytest.mark.postgres
def test_the_candidate_list_says_about_when_the_count_is_estimated(
    client_for, hr_user, monkeypatch
):
    requisition = RequisitionFactory()
    ApplicationFactory.create_batch(30, requisition=requisition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recruiting_application")
    client = client_for(hr_user)
    url = reverse("recruiting:candidate_list")

    exact = client.get(url).content.decode()
    assert "1\u201325 of 30" in exact
    assert "about" not in exact.split('aria-label="Pages"')[1].split("</nav>")[0]

    monkeypatch.setattr(pagination, "EXACT_BELOW", 26)
    estimated = client.get(url)
    assert estimated.context["page_obj"].paginator.estimated
    assert "1\u201325 of about 30" in estimated.content.decode()
    assert "the first 26 are listed" in estimated.content.decode()
    # Deep pages stay usable: past the offered ones, the last offered page, full and right.
    deep = client.get(url + "?page=9999")
    assert deep.status_code == 200
    assert deep.context["page_obj"].number == 2
    assert len(deep.context["page_obj"]) == 1
    assert "26\u201326 of about 30" in deep.content.decode()
    # One page offered, still said.
    monkeypatch.setattr(pagination, "EXACT_BELOW", 10)
    assert "1\u201310 of about 30" in client.get(url).content.decode()


@pytest.mark.postgres
def test_the_admin_changelist_says_about_when_the_count_is_estimated(
    client_for, hr_user, monkeypatch
):
    requisition = RequisitionFactory()
    ApplicationFactory.create_batch(12, requisition=requisition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recruiting_candidate")
    client = client_for(hr_user)
    url = reverse("admin:recruiting_candidate_changelist")
    assert "12 candidates" in client.get(url).content.decode()
    monkeypatch.setattr(pagination, "EXACT_BELOW", 5)
    page = client.get(url).content.decode()
    assert "about 12 candidates (the first 5 are listed" in page
    # A search (or a filter) says it too, where Django's own says "N results".
    searched = client.get(url, {"q": "example"}).content.decode()
    assert re.search(r"about \d+ results", searched)
