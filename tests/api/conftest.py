import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from backoffice.apitokens.services import token_create


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for(db):
    """api_for(user): an API client that sends a fresh personal token of `user`."""

    def make(user):
        client = APIClient()
        secret = token_create(user=user, name="tests", lifetime_days=30).secret
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def all_ids(client, url: str) -> list[int]:
    """Every id of a cursor-paginated list, following `next` to the end."""
    found, page = [], url
    while page:
        response = client.get(page)
        found += ids(response)
        page = response.json()["next"]
    return found
