import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The careers page counts applications per address in the cache; each test starts afresh.
    cache.clear()
    yield
    cache.clear()
