"""Query counts stay flat as data grows: My onboarding, the team board, the training matrix."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from onboarding.models import ItemKind, ItemOwner
from tests.factories.onboarding import (
    OnboardingPlanFactory,
    PlanItemFactory,
    PolicyFactory,
    TrainingCompletionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _grow_plan(plan, size: int) -> None:
    policy = PolicyFactory(published=True)
    module = TrainingModuleFactory()
    today = timezone.localdate()
    for index in range(size):
        PlanItemFactory(plan=plan, due_date=today + datetime.timedelta(days=index * 3 - 10))
        PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=policy, done_at=timezone.now())
        PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module, owner=ItemOwner.MANAGER)


def _grow_team(manager, size: int) -> None:
    for _ in range(size):
        plan = OnboardingPlanFactory(employee=EmployeeFactory(manager=manager))
        PlanItemFactory(plan=plan)
        PlanItemFactory(plan=plan, done_at=timezone.now())


def _grow_matrix(size: int) -> None:
    modules = [TrainingModuleFactory() for _ in range(3)]
    for _ in range(size):
        employee = EmployeeFactory()
        for module in modules:
            TrainingCompletionFactory(employee=employee, module=module)
        plan = OnboardingPlanFactory(employee=employee)
        PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=modules[0])


def _count(client, url) -> int:
    # Warm up first: the first request of a process stamps the new session (the middleware's
    # sign-in receiver connects on that request), a write the page itself does not make.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_onboarding_queries_do_not_grow(client_for, plan):
    client = client_for(plan.employee.user)
    url = reverse("onboarding:landing")
    _grow_plan(plan, 2)
    small = _count(client, url)
    _grow_plan(plan, 15)
    assert _count(client, url) == small
    assert small <= 12


def test_team_board_queries_do_not_grow(client_for, manager):
    client = client_for(manager.user)
    url = reverse("onboarding:team")
    _grow_team(manager, 2)
    small = _count(client, url)
    _grow_team(manager, 20)
    assert _count(client, url) == small
    assert small <= 12


def test_training_matrix_queries_do_not_grow(client_for, hr_user):
    client = client_for(hr_user)
    url = reverse("onboarding:training_matrix")
    _grow_matrix(2)
    small = _count(client, url)
    _grow_matrix(20)
    assert _count(client, url) == small
    assert small <= 12


def test_items_list_queries_do_not_grow(client_for, hr_user, manager):
    client = client_for(hr_user)
    url = reverse("onboarding:items")
    _grow_team(manager, 2)
    small = _count(client, url)
    _grow_team(manager, 20)
    assert _count(client, url) == small


@pytest.mark.parametrize("size", [2, 25])
def test_pages_stay_within_their_query_budget(
    client_for, plan, manager, hr_user, django_assert_max_num_queries, size
):
    _grow_plan(plan, size)
    _grow_team(manager, size)
    _grow_matrix(size)
    for user, name, budget in [
        (plan.employee.user, "onboarding:landing", 7),
        (manager.user, "onboarding:team", 6),
        (hr_user, "onboarding:team", 5),
        (hr_user, "onboarding:training_matrix", 11),
        (hr_user, "onboarding:items", 6),
    ]:
        client = client_for(user)
        with django_assert_max_num_queries(budget):
            assert client.get(reverse(name)).status_code == 200


def test_the_policy_pages_do_not_grow_with_policies_or_people(client_for, hr_user):
    from onboarding import services

    client = client_for(hr_user)
    counts = []
    for size in (2, 12):
        for index in range(size):
            policy = PolicyFactory(published=True, title=f"Policy {size}-{index}")
            services.policy_draft_create(policy=policy, by=hr_user)
            for _ in range(size):
                plan = OnboardingPlanFactory(employee=EmployeeFactory())
                PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=policy)
        draft = policy.versions.drafts().get()
        counts.append(
            (
                _count(client, reverse("onboarding:policies")),
                _count(client, reverse("onboarding:policy_publish", args=[draft.pk])),
                _count(client, reverse("onboarding:policy_draft", args=[draft.pk])),
            )
        )
    assert counts[0] == counts[1], counts
