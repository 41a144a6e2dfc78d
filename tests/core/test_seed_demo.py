import pytest
from django.core.management import call_command

from backoffice.people.demo import DEMO_LOGINS, DEMO_PASSWORD
from backoffice.people.models import Department, Employee, User

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Employee.objects.count(), Department.objects.count())


def test_seed_demo_is_idempotent_and_its_logins_work(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first
    for email, _ in DEMO_LOGINS:
        assert client.login(username=email, password=DEMO_PASSWORD), email
        assert client.get("/").status_code == 200
        client.logout()


def test_seed_demo_builds_a_company_with_every_role():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    hr = User.objects.get(email="hr@example.com")
    assert hr.is_hr
    assert hr.is_staff
    new_hire = Employee.objects.get(user__email="newhire@example.com")
    assert new_hire.status == Employee.Status.PRE_START
    assert new_hire.manager.user.email == "manager@example.com"
    roles = {name for user in User.objects.all() for name in user.role_names}
    assert roles == {"HR", "Hiring manager", "Interviewer", "Employee", "IT"}
    assert User.objects.get(email="it@example.com").has_role("IT")
