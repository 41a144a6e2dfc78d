"""Changes to people are kept with who made them, and HR reads them in the admin."""

import pytest
from django.urls import reverse

from backoffice.people.models import Employee
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_with_its_author(client_for, hr_user):
    employee = EmployeeFactory(job_title="Receptionist")
    client = client_for(hr_user)
    url = reverse("admin:people_employee_change", args=[employee.pk])
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(job_title="Office Manager", status=Employee.Status.ACTIVE)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = employee.history.first()
    assert latest.job_title == "Office Manager"
    assert latest.history_user == hr_user
    assert latest.prev_record.job_title == "Receptionist"

    history_page = client.get(reverse("admin:people_employee_history", args=[employee.pk]))
    assert history_page.status_code == 200
    assert "Office Manager" in history_page.content.decode()


def test_the_user_history_never_keeps_password_hashes(hr_user):
    hr_user.set_password("another-secret-phrase")
    hr_user.save()
    fields = {field.name for field in hr_user.history.model._meta.fields}
    assert "password" not in fields


def test_other_users_cannot_read_the_history(client_for, employee_user):
    employee = EmployeeFactory()
    response = client_for(employee_user).get(
        reverse("admin:people_employee_history", args=[employee.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_employee_added_in_the_admin_gets_the_employee_role(client_for, hr_user):
    from tests.factories.people import DepartmentFactory, UserFactory

    person = UserFactory()
    response = client_for(hr_user).post(
        reverse("admin:people_employee_add"),
        {
            "user": person.pk,
            "job_title": "Receptionist",
            "department": DepartmentFactory().pk,
            "start_date": "2030-01-07",
            "status": Employee.Status.PRE_START,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_role("Employee")
