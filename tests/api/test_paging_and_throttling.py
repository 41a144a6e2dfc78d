"""Every list pages by cursor and stays within a fixed number of queries; calls are throttled."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from onboarding.models import ItemOwner
from tests.api.conftest import all_ids, ids
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory
from tests.factories.people import EmployeeFactory
from tests.factories.performance import ReviewCycleFactory, ReviewFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    RequisitionFactory,
    RequisitionSkillFactory,
)

pytestmark = pytest.mark.django_db
LISTS = [
    "api:requisition-list",
    "api:candidate-list",
    "api:application-list",
    "api:employee-list",
    "api:onboarding-plan-list",
    "api:review-cycle-list",
]


def _grow(count: int) -> None:
    """`count` more of everything each list shows, with the relations its rows read."""
    for _ in range(count):
        requisition = RequisitionFactory()
        RequisitionSkillFactory(requisition=requisition)
        application = ApplicationFactory(requisition=requisition)
        application.candidate.tags.create(name=f"tag-{application.pk}")
        employee = EmployeeFactory(manager=EmployeeFactory())
        plan = OnboardingPlanFactory(employee=employee)
        PlanItemFactory(plan=plan, owner=ItemOwner.NEW_HIRE)
        ReviewFactory(cycle=ReviewCycleFactory(status="self_review"), employee=employee)


def _queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name) + "?page_size=50")
    assert response.status_code == 200, (name, response.content)
    return len(captured)


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(api_for, hr_user, name):
    client = api_for(hr_user)
    client.get(reverse("api:employee-list"))  # the token's first use writes last_used_at
    # A first call pays the connection's one-time probes (SQLite checks its JSON support once).
    client.get(reverse(name))
    _grow(2)
    small = _queries(client, name)
    _grow(12)
    assert _queries(client, name) == small, name
    assert small <= 8, f"{name}: {small} queries"


def test_cursor_pages_cover_every_row_once_even_when_rows_arrive_meanwhile(api_for, hr_user):
    for _ in range(7):
        EmployeeFactory()
    client = api_for(hr_user)
    url = reverse("api:employee-list") + "?page_size=3"
    first = client.get(url).json()
    assert len(first["results"]) == 3
    assert "cursor=" in first["next"]
    assert first["previous"] is None
    # A new employee arrives between pages: the pages already fetched don't shift.
    EmployeeFactory()
    seen = [row["id"] for row in first["results"]]
    page = first["next"]
    while page:
        body = client.get(page).json()
        seen += [row["id"] for row in body["results"]]
        page = body["next"]
    assert len(seen) == len(set(seen)) == 8  # the 7 and HR, but not the newcomer
    assert sorted(all_ids(client, url)) == sorted(
        [*seen, max(ids(client.get(reverse("api:employee-list") + "?page_size=1")))]
    )
    # A forged cursor is a 404 (DRF's "Invalid cursor"), and a page size is capped.
    assert client.get(reverse("api:employee-list") + "?cursor=forged").status_code == 404
    capped = client.get(reverse("api:employee-list") + "?page_size=100000")
    assert capped.status_code == 200


def _throttle_at(settings, user: int, anon: int) -> None:
    rates = {"user": f"{user}/min", "anon": f"{anon}/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


def test_a_token_over_its_rate_gets_429_and_others_are_not_slowed(
    settings, api_for, hr_user, employee_user
):
    _throttle_at(settings, user=3, anon=2)
    client = api_for(hr_user)
    url = reverse("api:employee-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # Another user's token has its own count.
    assert api_for(employee_user).get(url).status_code == 200
    # Anonymous callers are counted per address.
    anonymous = APIClient()
    assert [anonymous.get(url).status_code for _ in range(3)] == [401, 401, 429]
    # So are guesses at tokens, from one address: counted before they are refused.
    from django.core.cache import cache

    cache.clear()
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Bearer bo_12345678_" + "x" * 43)
    assert [guesser.get(url).status_code for _ in range(3)] == [401, 401, 429]


@pytest.mark.redis
def test_the_count_is_shared_through_redis(settings, api_for, hr_user):
    """Several gunicorn workers share one count: the cache the throttle uses is Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TEST_REDIS_URL"],
            "KEY_PREFIX": "api-throttle-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    _throttle_at(settings, user=2, anon=2)
    url = reverse("api:employee-list")
    token_client = api_for(hr_user)
    # Two clients with the same token stand for two workers: they share the count.
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=token_client._credentials["HTTP_AUTHORIZATION"])
    assert token_client.get(url).status_code == 200
    assert other.get(url).status_code == 200
    assert token_client.get(url).status_code == 429
    assert any(key for key in cache._cache.get_client().keys("api-throttle-test:*"))
    cache.clear()
