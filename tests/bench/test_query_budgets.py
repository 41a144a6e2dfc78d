"""Every key page runs at most 12 SQL queries, and the same number at two data sizes.

The data comes from the generators `manage.py seed_scale` runs (each app's scale.py), and the
pages are the benchmark's own list (bench/run.py), so the budget holds for what is measured
there. Timings stay in the benchmark: this only counts queries.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import autodiscover_modules

from backoffice.core.scale import ScaleSizes, scale_steps
from backoffice.people.models import Employee
from bench.run import BUDGET_QUERIES, OVER_BUDGET_QUERIES, key_pages
from recruiting.models import Application
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _generate(*, candidates: int, employees: int, seed: int) -> None:
    autodiscover_modules("scale")
    sizes = ScaleSizes(
        candidates=candidates,
        employees=employees,
        onboarding_items=employees * 5,
        reviews=employees,
        measurements=employees * 3,
        seed=seed,
    )
    for step in scale_steps():
        step.run(sizes, lambda message: None)


def _query_counts(client, hr_email: str, new_hire_email: str) -> dict[str, int]:
    counts = {}
    for label, email, path in key_pages(hr=hr_email, new_hire=new_hire_email):
        client.logout()
        if email:
            client.force_login(Employee.objects.get(user__email=email).user)
        client.get(path)  # warm: the first request fills per-process caches (content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{label}: {path} answered {response.status_code}"
        counts[label] = len(queries)
    return counts


def _page_subject(label: str) -> Application:
    path = next(path for page, _, path in key_pages() if page == label)
    return Application.objects.get(pk=path.rstrip("/").rsplit("/", 1)[-1])


@pytest.fixture
def hr_email(db) -> str:
    return EmployeeFactory(
        user__email="budget-hr@example.com", user__roles=["HR"], user__is_staff=True
    ).user.email


def test_key_pages_stay_within_the_query_budget_at_two_sizes(client, hr_email):
    _generate(candidates=100, employees=20, seed=1)
    # A generated employee with a manager: their plan has items, and they are reviewed.
    new_hire = Employee.objects.filter(
        manager__isnull=False, onboarding_plan__isnull=False, status=Employee.Status.ACTIVE
    ).first()
    small = _query_counts(client, hr_email, new_hire.user.email)

    _generate(candidates=400, employees=80, seed=2)
    large = _query_counts(client, hr_email, new_hire.user.email)

    assert len(small) >= 15  # every key page of the issue, plus the floor and the home page
    application = _page_subject("application page")
    assert application.scorecards.count() >= 2  # measured at its fullest: interviews, scores
    over = {
        label: count
        for label, count in large.items()
        if count > OVER_BUDGET_QUERIES.get(label, BUDGET_QUERIES)
    }
    assert not over, f"over {BUDGET_QUERIES} queries: {over}"
    assert small == large, f"query counts changed with the data: {small} then {large}"
