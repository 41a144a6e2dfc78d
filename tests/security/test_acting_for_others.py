"""Acting for someone else: an "I accept" is the person's own; HR acts only as itself.

Checked across the site: the onboarding policy acceptance (fixed here) and the performance
review acknowledgement (already the employee's alone: tests/performance).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.people.models import Employee
from onboarding import services
from onboarding.models import ItemKind, PlanItemEvent, PolicyAcknowledgement
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory, PolicyFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy_item():
    new_hire = EmployeeFactory(
        status=Employee.Status.PRE_START,
        start_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    plan = OnboardingPlanFactory(employee=new_hire)
    return PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=PolicyFactory(published=True))


def test_hr_cannot_accept_a_policy_for_an_employee(policy_item, hr_user):
    with pytest.raises(PermissionDenied):
        services.item_complete(item=policy_item, by=hr_user, accept_version=1)
    assert not PolicyAcknowledgement.objects.exists()
    policy_item.refresh_from_db()
    assert policy_item.done_at is None


def test_hr_posting_the_acceptance_form_records_nothing(client_for, policy_item, hr_user):
    response = client_for(hr_user).post(
        reverse("onboarding:item_complete", args=[policy_item.pk]), {"accept": "on"}
    )
    assert response.status_code == 403
    assert not PolicyAcknowledgement.objects.exists()


def test_hr_cannot_mark_a_policy_done_for_the_employee(policy_item, hr_user):
    # Acknowledgement is personal (issue 16): not even "signed on paper" stands in for it.
    with pytest.raises(DomainError):
        services.item_mark_done(item=policy_item, by=hr_user, reason="Signed on paper on day one")
    assert not PlanItemEvent.objects.filter(
        item=policy_item, action=PlanItemEvent.Action.MARKED_DONE
    ).exists()
    assert not PolicyAcknowledgement.objects.exists()


def test_the_employee_accepts_and_the_client_address_is_recorded(client_for, policy_item, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client_for(policy_item.plan.employee.user).post(
        reverse("onboarding:item_complete", args=[policy_item.pk]),
        {"accept": "on"},
        REMOTE_ADDR="10.9.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )
    assert response.status_code == 302
    assert PolicyAcknowledgement.objects.get().ip_address == "198.51.100.7"


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy(client_for, policy_item):
    client_for(policy_item.plan.employee.user).post(
        reverse("onboarding:item_complete", args=[policy_item.pk]),
        {"accept": "on"},
        REMOTE_ADDR="198.51.100.8",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert PolicyAcknowledgement.objects.get().ip_address == "198.51.100.8"
