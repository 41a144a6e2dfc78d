import datetime

import pytest
from django.utils import timezone

from backoffice.people.models import Employee
from tests.factories.onboarding import OnboardingPlanFactory
from tests.factories.people import EmployeeFactory


@pytest.fixture
def manager(db):
    return EmployeeFactory(user__roles=["Hiring manager"], job_title="Finance Manager")


@pytest.fixture
def new_hire(manager):
    return EmployeeFactory(
        manager=manager,
        status=Employee.Status.PRE_START,
        start_date=timezone.localdate() + datetime.timedelta(days=7),
        job_title="Payroll Clerk",
        role_family__slug="payroll-clerk",
        department__name="Finance",
    )


@pytest.fixture
def plan(new_hire):
    return OnboardingPlanFactory(employee=new_hire)
