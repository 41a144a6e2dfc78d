import datetime

import pytest
from django.contrib.auth.models import Group

from backoffice.people.roles import Role
from backoffice.people.services import employee_create, roles_sync, user_create

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrate_and_sync_is_idempotent():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    first = roles_sync()
    second = roles_sync()
    assert first == second
    assert Group.objects.filter(name__in=Role.values).count() == 5
    assert Group.objects.filter(name="IT").exists()


def test_hr_holds_every_people_permission_and_hiring_managers_only_views():
    roles_sync()
    hr = Group.objects.get(name=Role.HR)
    hiring = Group.objects.get(name=Role.HIRING_MANAGER)
    assert hr.permissions.filter(codename="change_employee").exists()
    assert hiring.permissions.filter(codename="view_employee").exists()
    assert not hiring.permissions.filter(codename="change_employee").exists()


def test_user_create_sets_roles_and_admin_access_for_hr():
    user = user_create(
        email="Hr.Lead@Example.com", first_name="Hana", last_name="Lee", roles=[Role.HR]
    )
    assert user.email == "hr.lead@example.com"
    assert user.is_staff
    assert user.is_hr
    assert not user.has_usable_password()


def test_user_create_refuses_unknown_roles():
    with pytest.raises(ValueError, match="Unknown roles: Wizard"):
        user_create(email="x@example.com", first_name="X", last_name="Y", roles=["Wizard"])


def test_employee_create_grants_the_employee_role():
    user = user_create(email="new@example.com", first_name="N", last_name="H")
    employee = employee_create(
        user=user, job_title="Receptionist", start_date=datetime.date(2030, 1, 6)
    )
    assert employee.status == "pre_start"
    assert user.has_role(Role.EMPLOYEE)
