"""HR's Employee admin: the status is read-only; it changes through the service's action."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from backoffice.people.models import Employee
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_status_is_not_an_editable_field(hr_user):
    employee = EmployeeFactory(status=Employee.Status.PRE_START)
    model_admin = admin.site._registry[Employee]
    request = RequestFactory().get("/")
    request.user = hr_user
    form = model_admin.get_form(request, employee)
    assert "status" not in form.base_fields
    assert "status" in model_admin.get_readonly_fields(request, employee)


def test_the_change_page_shows_the_status_without_an_input(client_for, hr_user):
    employee = EmployeeFactory(status=Employee.Status.PRE_START)
    url = reverse("admin:people_employee_change", args=[employee.pk])
    html = client_for(hr_user).get(url).content.decode()
    assert 'name="status"' not in html
    assert "Pre-start" in html


def test_hr_activates_pre_start_employees_with_the_admin_action(client_for, hr_user):
    waiting = EmployeeFactory(status=Employee.Status.PRE_START)
    gone = EmployeeFactory(status=Employee.Status.LEFT)
    response = client_for(hr_user).post(
        reverse("admin:people_employee_changelist"),
        {"action": "activate", "_selected_action": [waiting.pk, gone.pk]},
        follow=True,
    )
    assert response.status_code == 200
    waiting.refresh_from_db()
    gone.refresh_from_db()
    assert waiting.status == Employee.Status.ACTIVE
    assert gone.status == Employee.Status.LEFT
    assert "cannot be activated" in response.content.decode()
