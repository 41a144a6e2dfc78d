import pytest
from django.db import IntegrityError, transaction

from backoffice.people.models import Employee, User
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_lowercase_and_unique_whatever_the_case():
    user = User.objects.create_user(email="  Ada.Lovelace@Example.COM ", password="x")
    assert user.email == "ada.lovelace@example.com"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ADA.LOVELACE@example.com", password="x")


def test_case_insensitive_uniqueness_holds_even_for_rows_written_around_the_manager():
    user = UserFactory(email="grace@example.com")
    other = UserFactory(email="other@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other.pk).update(email="GRACE@example.com")
    assert User.objects.get_by_natural_key("Grace@Example.com") == user


def test_superuser_holds_every_role():
    admin = User.objects.create_superuser(email="root@example.com", password="x")
    assert admin.is_hr
    assert admin.has_role("Interviewer")


def test_inactive_user_holds_no_role():
    user = UserFactory(roles=["HR"], is_active=False)
    assert not user.is_hr


def test_employee_cannot_be_their_own_manager():
    employee = EmployeeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=employee.pk).update(manager=employee)


class TestEmployeeVisibleTo:
    def test_hr_sees_everyone(self, hr_user):
        EmployeeFactory.create_batch(3)
        assert Employee.objects.visible_to(hr_user).count() == Employee.objects.count()

    def test_manager_sees_self_and_direct_reports_only(self):
        manager = EmployeeFactory()
        reports = EmployeeFactory.create_batch(2, manager=manager)
        EmployeeFactory()  # someone else's
        EmployeeFactory(manager=reports[0])  # a report's report is not direct
        visible = set(Employee.objects.visible_to(manager.user))
        assert visible == {manager, *reports}

    def test_employee_sees_only_themselves(self, employee_user):
        EmployeeFactory.create_batch(2)
        assert list(Employee.objects.visible_to(employee_user)) == [employee_user.employee]

    def test_anonymous_sees_nobody(self):
        from django.contrib.auth.models import AnonymousUser

        EmployeeFactory()
        assert not Employee.objects.visible_to(AnonymousUser()).exists()
