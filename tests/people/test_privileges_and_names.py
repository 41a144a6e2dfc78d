"""The admin grants no privilege flags to HR; names stay on one line; subjects are safe."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice.notifications.services.email import email_send
from backoffice.people.models import Department, Employee, User
from backoffice.people.services import employee_create, user_create
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _change(client, user: User, **overrides):
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        **overrides,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(reverse("admin:people_user_change", args=[user.pk]), data)


def test_hr_cannot_make_itself_superuser_or_staff_in_the_admin(client_for, hr_user):
    client = client_for(hr_user)
    page = client.get(reverse("admin:people_user_change", args=[hr_user.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    response = _change(client, hr_user, is_staff="on", is_superuser="on")
    assert response.status_code == 302
    hr_user.refresh_from_db()
    assert not hr_user.is_superuser


def test_hr_cannot_grant_flags_to_someone_else(client_for, hr_user):
    colleague = UserFactory()
    response = _change(client_for(hr_user), colleague, is_staff="on", is_superuser="on")
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_staff
    assert not colleague.is_superuser


def test_a_superuser_grants_flags_to_others_but_not_to_or_from_itself(client_for):
    boss = UserFactory(is_staff=True, is_superuser=True)
    colleague = UserFactory()
    client = client_for(boss)
    _change(client, colleague, is_staff="on")
    colleague.refresh_from_db()
    assert colleague.is_staff
    page = client.get(reverse("admin:people_user_change", args=[boss.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    _change(client, boss, is_staff=None, is_superuser=None)
    boss.refresh_from_db()
    assert boss.is_staff
    assert boss.is_superuser


# --- Names are single-line ---------------------------------------------------------------------

BROKEN = ["Jane\nDoe", "Jane\r\nBcc: x@evil.example", "Jane\u2028Doe", "Ja\x00ne"]


@pytest.mark.parametrize("name", BROKEN)
def test_admin_refuses_a_name_with_a_line_break(client_for, hr_user, name):
    colleague = UserFactory(first_name="Jane")
    response = _change(client_for(hr_user), colleague, first_name=name)
    assert response.status_code == 200
    colleague.refresh_from_db()
    assert colleague.first_name == "Jane"


@pytest.mark.parametrize("name", BROKEN)
def test_model_validation_refuses_line_breaks_in_names_titles_and_departments(name):
    with pytest.raises(ValidationError):
        UserFactory.build(first_name=name).full_clean(exclude=["password"])
    with pytest.raises(ValidationError):
        Department(name=name).full_clean()
    employee = EmployeeFactory()
    employee.job_title = name
    with pytest.raises(ValidationError, match="one line"):
        employee.full_clean()


def test_services_keep_names_on_one_line():
    user = user_create(email="jane@example.com", first_name="Jane\r\nBcc: x", last_name="Doe\n")
    assert (user.first_name, user.last_name) == ("Jane Bcc: x", "Doe")
    employee = employee_create(user=user, job_title="Clerk\nBcc: y", start_date="2026-01-05")
    assert Employee.objects.get(pk=employee.pk).job_title == "Clerk Bcc: y"


def test_an_email_subject_with_a_line_break_is_sent_on_one_line(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email_send(
        to=["hr@example.com"],
        subject="New application from Jane\r\nBcc: victim@example.com\nDoe",
        template="reminder_digest",
        context={"recipient_name": "HR", "sections": [], "count": 0, "preferences_url": "/"},
    )
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    assert message.subject.endswith("Jane Bcc: victim@example.com Doe")
    assert message.bcc == []
