"""Regression: reading an object's history must not let a read-only user revert it."""

import pytest
from django.urls import reverse

from backoffice.people.models import Department
from tests.factories.people import DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed_department():
    department = DepartmentFactory(name="Finance", description="Old text")
    department.description = "Current text"
    department.save()
    return department


def _revert(client, department):
    old = department.history.earliest()
    url = reverse("admin:people_department_simple_history", args=[department.pk, old.history_id])
    return client.post(url, {"name": "Finance", "description": "Old text"})


def test_staff_with_view_permission_only_cannot_revert(client_for, renamed_department):
    # Hiring managers may view departments; given staff status they reach the admin.
    viewer = EmployeeFactory(user__roles=["Hiring manager"], user__is_staff=True).user
    client = client_for(viewer)
    history_url = reverse("admin:people_department_history", args=[renamed_department.pk])
    assert client.get(history_url).status_code == 200  # reading is allowed

    assert _revert(client, renamed_department).status_code == 403
    assert Department.objects.get(pk=renamed_department.pk).description == "Current text"


def test_hr_may_revert(client_for, hr_user, renamed_department):
    assert _revert(client_for(hr_user), renamed_department).status_code == 302
    assert Department.objects.get(pk=renamed_department.pk).description == "Old text"
