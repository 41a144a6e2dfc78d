"""Personal API tokens: hashed at rest, shown once, revocable, expiring, owner-only."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from backoffice.apitokens.models import ApiToken
from backoffice.apitokens.services import MAX_ACTIVE_TOKENS, TokenRefused, token_create
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db
EMPLOYEES = reverse("api:employee-list")


def _bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_page_shows_the_token_once_and_stores_only_its_hash(client_for, employee_user):
    client = client_for(employee_user)
    response = client.post(reverse("apitokens:list"), {"name": "Payroll sync", "lifetime_days": 30})
    assert response.status_code == 200
    secret = response.context["created"].secret
    assert secret.startswith("bo_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=employee_user)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    random_part = secret.split("_", 2)[2]
    assert not [value for value in stored if random_part in value]
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    # Shown once: the list shows the prefix only, never the secret again.
    again = client.get(reverse("apitokens:list")).content.decode()
    assert secret not in again
    assert token.display in again
    # And it works.
    assert _bearer(secret).get(EMPLOYEES).status_code == 200


def test_bad_input_on_the_page_writes_nothing(client_for, employee_user):
    client = client_for(employee_user)
    for data in ({"name": "", "lifetime_days": 30}, {"name": "x", "lifetime_days": 9999}):
        assert client.post(reverse("apitokens:list"), data).status_code == 400
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_my_tokens_and_i_cannot_revoke_anothers(client_for, employee_user):
    other = EmployeeFactory().user
    theirs = token_create(user=other, name="Their secret integration", lifetime_days=7)
    mine = token_create(user=employee_user, name="Mine", lifetime_days=7)
    client = client_for(employee_user)
    page = client.get(reverse("apitokens:list")).content.decode()
    assert "Mine" in page
    assert "Their secret integration" not in page
    response = client.post(reverse("apitokens:revoke", args=[theirs.token.pk]))
    assert response.status_code == 404
    theirs.token.refresh_from_db()
    assert theirs.token.revoked_at is None
    assert client.post(reverse("apitokens:revoke", args=[mine.token.pk])).status_code == 302
    mine.token.refresh_from_db()
    assert mine.token.revoked_at is not None


def test_revoked_expired_inactive_and_forged_tokens_are_refused(employee_user):
    new = token_create(user=employee_user, name="t", lifetime_days=7)
    client = _bearer(new.secret)
    assert client.get(EMPLOYEES).status_code == 200
    # A wrong secret behind the right prefix, a malformed one, another scheme.
    prefix = new.secret[: len("bo_") + 8]
    for forged in (f"{prefix}_{'A' * 43}", "bo_nothing", new.secret[:-1], ""):
        response = _bearer(forged).get(EMPLOYEES)
        assert response.status_code == 401, forged
        assert response["WWW-Authenticate"].startswith("Bearer")
    # Expired: a week and a second later.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, seconds=1)):
        assert client.get(EMPLOYEES).status_code == 401
    # A deactivated user (a leaver after their last day).
    employee_user.is_active = False
    employee_user.save(update_fields=["is_active"])
    assert client.get(EMPLOYEES).status_code == 401
    employee_user.is_active = True
    employee_user.save(update_fields=["is_active"])
    assert client.get(EMPLOYEES).status_code == 200
    # Revoked.
    ApiToken.objects.filter(pk=new.token.pk).update(revoked_at=timezone.now())
    assert client.get(EMPLOYEES).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(employee_user, django_assert_num_queries):
    new = token_create(user=employee_user, name="t", lifetime_days=7)
    client = _bearer(new.secret)
    client.get(EMPLOYEES)
    new.token.refresh_from_db()
    first = new.token.last_used_at
    assert first is not None
    client.get(EMPLOYEES)
    new.token.refresh_from_db()
    assert new.token.last_used_at == first
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        client.get(EMPLOYEES)
    new.token.refresh_from_db()
    assert new.token.last_used_at > first


def test_a_user_has_a_bounded_number_of_active_tokens(employee_user):
    for number in range(MAX_ACTIVE_TOKENS):
        token_create(user=employee_user, name=f"t{number}", lifetime_days=7)
    with pytest.raises(TokenRefused):
        token_create(user=employee_user, name="one too many", lifetime_days=7)
    assert ApiToken.objects.filter(user=employee_user).count() == MAX_ACTIVE_TOKENS


def test_anonymous_calls_get_401_not_a_sign_in_page():
    response = APIClient().get(EMPLOYEES)
    assert response.status_code == 401
    assert response["Cache-Control"] == "private, no-store"
