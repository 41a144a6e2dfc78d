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

    assert len(small) >= 18  # every key page of the issues, plus the floor and the home page
    application = _page_subject("application page")
    assert application.scorecards.count() >= 2  # measured at its fullest: interviews, scores
    over = {
        label: count
        for label, count in large.items()
        if count > OVER_BUDGET_QUERIES.get(label, BUDGET_QUERIES)
    }
    assert not over, f"over {BUDGET_QUERIES} queries: {over}"
    assert small == large, f"query counts changed with the data: {small} then {large}"


# --- The review cycle's cockpit (HR's page of one cycle in the admin) -------------------------

COCKPIT_QUERIES = 12  # the house budget of a key page (bench/run.py)


def _grow_cycle(cycle, count: int, first: int) -> None:
    """`count` more reviews in `cycle`, in every state the cockpit counts, in a few queries."""
    import datetime

    from django.utils import timezone

    from backoffice.notifications.models import ReminderLedger
    from backoffice.people.models import User
    from performance.models import PeerFeedback, Review, ReviewAnswer

    manager = EmployeeFactory()
    users = User.objects.bulk_create(
        User(email=f"cockpit{first + n}@example.com", first_name=f"P{first + n}", last_name="X")
        for n in range(count)
    )
    start = timezone.localdate() - datetime.timedelta(days=400)
    employees = Employee.objects.bulk_create(
        Employee(
            user=user,
            job_title="Clerk",
            manager=manager,
            start_date=start,
            status=Employee.Status.ACTIVE,
        )
        for user in users
    )
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        Review(
            cycle=cycle,
            employee=employee,
            manager=manager,
            self_submitted_at=now if n % 3 == 0 else None,
        )
        for n, employee in enumerate(employees)
    )
    question = cycle.questions.first()
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(review=review, question=question, author="self", rating=3)
        for review in reviews[1::3]
    )
    PeerFeedback.objects.bulk_create(
        PeerFeedback(review=review, peer=manager) for review in reviews[::4]
    )
    ReminderLedger.objects.bulk_create(
        ReminderLedger(
            recipient_id=review.employee.user_id,
            kind="performance.cycle_reminder",
            subject=f"performance.cycle:{cycle.pk}:self_review",
            period="2026-01-01",
            title="Write your self review",
            path="/performance/",
        )
        for review in reviews[1::5]
    )


def test_the_cycle_cockpit_stays_within_budget_from_10_to_2000_reviews(client, hr_email):
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from performance.models import CycleEvent, ReviewCycle
    from tests.factories.performance import ReviewCycleFactory

    cycle = ReviewCycleFactory(
        status=ReviewCycle.Status.SELF_REVIEW,
        peer_feedback_enabled=True,
        peer_feedback_due=timezone.localdate() + datetime.timedelta(days=8),
        self_review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    hr = Employee.objects.get(user__email=hr_email).user
    client.force_login(hr)
    url = reverse("admin:performance_reviewcycle_cockpit", args=[cycle.pk])
    counts = []
    for size, first in ((10, 0), (1990, 10)):
        _grow_cycle(cycle, size, first)
        CycleEvent.objects.create(cycle=cycle, kind="reminded", from_status="self_review", by=hr)
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    from performance.models import Review

    late = Review.objects.filter(cycle=cycle, self_submitted_at__isnull=True).count()
    assert late > 1300
    assert f"Late on self review ({late})" in response.content.decode()
    assert counts[0] == counts[1], f"the cockpit's queries grew with the cycle: {counts}"
    assert counts[1] <= COCKPIT_QUERIES, counts
