"""The permission matrix over the API: each role sees through its token exactly what its pages show.

For every role of tests/security/world.py, each API list returns the same rows as the page that
lists them (or the same `visible_to` where no page lists them all), each detail answers where
the page answers and refuses (403/404) where the page refuses, and anonymous calls get 401.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from backoffice.apitokens.services import token_create
from backoffice.people.models import Employee
from onboarding.models import OnboardingPlan
from performance.models import ReviewCycle
from recruiting.models import Application, Requisition
from tests.security.world import ROLES, SECRETS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
DENIED = {403, 404}
SIGNED_IN_ROLES = [role for role in ROLES if role not in ("anonymous", "candidate token holder")]


@pytest.fixture
def world():
    return build_world()


def _api(user) -> APIClient:
    client = APIClient()
    secret = token_create(user=user, name="matrix", lifetime_days=7).secret
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.is_hr = user.is_hr
    return client


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api_ids(client, name: str) -> tuple[int, set[int]]:
    """(status, every id across all cursor pages) of an API list."""
    url, found = reverse(name) + "?page_size=2", set()
    while url:
        response = client.get(url)
        if response.status_code != 200:
            return response.status_code, set()
        body = response.json()
        found |= {row["id"] for row in body["results"]}
        if not client.is_hr:
            text = response.content.decode()
            assert not [secret for secret in SECRETS if secret in text], (name, text)
        url = body["next"]
    return 200, found


def _page_rows(client, name: str) -> tuple[int, list]:
    response = client.get(reverse(name))
    if response.status_code != 200:
        return response.status_code, []
    return 200, list(response.context["page_obj"].object_list)


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_api_lists_show_what_the_pages_show(world, role):
    user = world.users[role]
    api, page = _api(user), _page(user)

    # Requisitions: "My requisitions" (recruiting:landing).
    page_status, rows = _page_rows(page, "recruiting:landing")
    api_status, found = _api_ids(api, "api:requisition-list")
    assert (api_status == 200) == (page_status == 200), (role, api_status, page_status)
    assert found == {row.pk for row in rows}, role
    assert found == set(Requisition.objects.visible_to(user).values_list("pk", flat=True))

    # Applications and candidates: the candidate list (one row per application).
    page_status, rows = _page_rows(page, "recruiting:candidate_list")
    api_status, found = _api_ids(api, "api:application-list")
    assert (api_status == 200) == (page_status == 200), (role, api_status, page_status)
    assert found == {row.pk for row in rows}, role
    api_status, found = _api_ids(api, "api:candidate-list")
    assert (api_status == 200) == (page_status == 200), role
    assert found == {row.candidate_id for row in rows}, role

    # Employees and onboarding plans: the same visible_to as every page about a person.
    api_status, found = _api_ids(api, "api:employee-list")
    assert api_status == 200
    assert found == set(Employee.objects.visible_to(user).values_list("pk", flat=True))
    api_status, found = _api_ids(api, "api:onboarding-plan-list")
    assert api_status == 200
    assert found == set(OnboardingPlan.objects.visible_to(user).values_list("pk", flat=True))

    # Review cycle progress: HR's reports page.
    page_status = page.get(reverse("performance:reports")).status_code
    api_status, found = _api_ids(api, "api:review-cycle-list")
    assert (api_status == 200) == (page_status == 200), (role, api_status, page_status)
    if api_status == 200:
        assert found == set(ReviewCycle.objects.values_list("pk", flat=True))
    else:
        assert api_status in DENIED


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_api_details_answer_where_the_pages_answer(world, role):
    user = world.users[role]
    api, page = _api(user), _page(user)
    pairs = [
        ("api:application-detail", "recruiting:application_detail", Application.objects.all()),
        ("api:requisition-detail", "recruiting:requisition_board", Requisition.objects.all()),
    ]
    for api_name, page_name, objects in pairs:
        for obj in objects:
            api_status = api.get(reverse(api_name, args=[obj.pk])).status_code
            page_status = page.get(reverse(page_name, args=[obj.pk])).status_code
            where = f"{role} {api_name} {obj.pk}: api {api_status}, page {page_status}"
            assert (api_status == 200) == (page_status == 200), where
            assert api_status in {200} | DENIED, where
    for api_name, queryset in (
        ("api:employee-detail", Employee.objects),
        ("api:onboarding-plan-detail", OnboardingPlan.objects),
    ):
        visible = set(queryset.visible_to(user).values_list("pk", flat=True))
        for pk in queryset.values_list("pk", flat=True):
            api_status = api.get(reverse(api_name, args=[pk])).status_code
            assert (api_status == 200) == (pk in visible), f"{role} {api_name} {pk}: {api_status}"
            assert api_status in {200} | DENIED


def test_a_token_never_reaches_further_than_its_owner(world):
    """HR's token sees everything; the same call with an interviewer's token sees only the
    interviewer's card, and the interviewer's token cannot move it."""
    interviewer = world.users["interviewer"]
    api = _api(interviewer)
    application = world.objects["application"]
    assert api.get(reverse("api:application-detail", args=[application.pk])).status_code == 404
    assigned = Application.objects.visible_to(interviewer).get()
    response = api.post(
        reverse("api:application-move", args=[assigned.pk]),
        {"to_stage": "screening"},
        format="json",
    )
    assert response.status_code == 403
    assigned.refresh_from_db()
    assert assigned.stage == "applied"
