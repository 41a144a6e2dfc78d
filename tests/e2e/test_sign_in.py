import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backoffice.people.models import Employee
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_hr_signs_in_sees_their_work_and_signs_out(page):
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hr@example.com")
    EmployeeFactory(
        status=Employee.Status.PRE_START,
        start_date=timezone.localdate() + datetime.timedelta(days=4),
        user__first_name="Noah",
        user__last_name="Kim",
    )
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    sign_in(page, "HR@example.com", PASSWORD)
    expect(page.get_by_role("heading", name=f"Hello, {hr.user.first_name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Starting soon")).to_be_visible()
    expect(page.get_by_text("Noah Kim")).to_be_visible()

    page.get_by_role("button", name=hr.user.first_name).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    assert page.console_errors == []


def test_wrong_password_is_explained_in_the_form(page):
    EmployeeFactory(user__email="ella@example.com")
    sign_in(page, "ella@example.com", "not-my-password")
    expect(page.get_by_text("That email and password do not match")).to_be_visible()


def test_phone_layout_collapses_the_menu(page):
    employee = EmployeeFactory(user__email="ella@example.com")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "ella@example.com", PASSWORD)
    onboarding = page.get_by_role("link", name="Onboarding")
    expect(onboarding).to_be_hidden()
    page.get_by_role("button", name="Show navigation").click()
    expect(onboarding).to_be_visible()
    onboarding.click()
    expect(page.get_by_role("heading", name="My onboarding")).to_be_visible()
    assert employee.job_title in page.content()


def test_admin_pages_satisfy_the_content_security_policy(page):
    EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hr@example.com")
    sign_in(page, "hr@example.com", PASSWORD)
    for path in ["/admin/", "/admin/people/employee/", "/admin/people/employee/add/"]:
        page.goto(path)
        expect(page.locator("#content")).to_be_visible()
    page.goto("/admin/people/employee/add/")
    page.get_by_label("Job title").fill("Clerk")
    assert page.console_errors == []
