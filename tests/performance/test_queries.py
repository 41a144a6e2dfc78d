"""Pages whose query count must not grow with the data: measured at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories.people import EmployeeFactory, RoleFamilyFactory
from tests.factories.performance import (
    GoalFactory,
    MeasurementFactory,
    MetricFactory,
    PeerFeedbackFactory,
    ReviewCycleFactory,
    ReviewFactory,
    ReviewQuestionFactory,
)
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db

CHANGELIST_QUERIES = 8
REVIEW_PAGE_QUERIES = 12
TEAM_PAGE_QUERIES = 10
LANDING_QUERIES = 12


def _grow_cycles(count):
    for _ in range(count):
        cycle = ReviewCycleFactory(
            status="self_review", peer_feedback_enabled=True, peer_feedback_due="2030-01-01"
        )
        for review in ReviewFactory.create_batch(2, cycle=cycle):
            PeerFeedbackFactory(review=review, submitted_at=timezone.now())


@pytest.mark.parametrize("cycles", [1, 8])
def test_cycle_changelist_is_constant(client_for, hr_user, django_assert_max_num_queries, cycles):
    _grow_cycles(cycles)
    client = client_for(hr_user)
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = client.get(reverse("admin:performance_reviewcycle_changelist"))
    assert response.status_code == 200
    assert "0 / 2" in response.content.decode()


@pytest.mark.parametrize("size", [1, 6])
def test_review_page_is_constant(client_for, django_assert_max_num_queries, size):
    review = ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")
    for _ in range(size):
        ReviewQuestionFactory(cycle=review.cycle)
        PeerFeedbackFactory(review=review, strengths="Kind", submitted_at=timezone.now())
        GoalFactory(employee=review.employee)
    metric = MetricFactory(role_family=review.employee.role_family)
    MeasurementFactory.create_batch(size, metric=metric, employee=review.employee)
    write_side(review, "self")
    write_side(review, "manager")
    client = client_for(review.manager.user)
    with django_assert_max_num_queries(REVIEW_PAGE_QUERIES):
        response = client.get(reverse("performance:review_detail", args=[review.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("team_size", [2, 12])
def test_team_metrics_page_is_constant(client_for, django_assert_max_num_queries, team_size):
    manager = EmployeeFactory()
    families = [RoleFamilyFactory(slug=s) for s in ("data-entry-clerk", "bookkeeper")]
    metrics = [MetricFactory(role_family=family) for family in families for _ in range(2)]
    for number in range(team_size):
        member = EmployeeFactory(manager=manager, role_family=families[number % 2])
        for metric in metrics:
            if metric.role_family == member.role_family:
                MeasurementFactory.create_batch(3, metric=metric, employee=member)
    client = client_for(manager.user)
    with django_assert_max_num_queries(TEAM_PAGE_QUERIES):
        response = client.get(reverse("performance:team_metrics"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_landing_page_is_constant(client_for, django_assert_max_num_queries, size):
    manager = EmployeeFactory()
    me = EmployeeFactory(manager=manager)
    metric = MetricFactory(role_family=me.role_family)
    for _ in range(size):
        EmployeeFactory(manager=me)
        ReviewFactory(employee=me, manager=manager)
        GoalFactory(employee=me)
        MeasurementFactory(metric=metric, employee=me)
    client = client_for(me.user)
    with django_assert_max_num_queries(LANDING_QUERIES):
        response = client.get(reverse("performance:landing"))
    assert response.status_code == 200


@pytest.mark.parametrize("cycles", [1, 4])
def test_closed_cycles_show_their_shared_reviews_counted_once(
    client_for, hr_user, django_assert_max_num_queries, cycles
):
    for _ in range(cycles):
        cycle = ReviewCycleFactory(status="closed", closed_at=timezone.now())
        ReviewFactory(cycle=cycle, status="shared")
        ReviewFactory(cycle=cycle, status="not_completed")
    client = client_for(hr_user)
    url = reverse("admin:performance_reviewcycle_changelist")
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        first = client.get(url).content.decode()
    assert first.count("1 / 2 shared") == cycles
    # Closed, they no longer change: the next page takes them from the report cache.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert again.count("1 / 2 shared") == cycles
    counted = 'SELECT "performance_review"."cycle_id"'
    assert not [q for q in queries.captured_queries if q["sql"].startswith(counted)]
