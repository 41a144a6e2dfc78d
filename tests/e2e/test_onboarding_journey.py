"""A new hire works through their onboarding; their manager watches the board."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backoffice.people.models import Employee
from backoffice.people.services import employee_create, user_create
from backoffice.people.signals import employee_hired
from onboarding.models import ItemKind, ItemOwner
from tests.e2e.conftest import sign_in
from tests.factories.onboarding import (
    ChecklistTemplateFactory,
    PolicyFactory,
    QuizQuestionFactory,
    TemplateItemFactory,
    TrainingModuleFactory,
)
from tests.factories.people import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _hire() -> Employee:
    """What recruiting's hire does: an employee, then the employee_hired signal."""
    manager = EmployeeFactory(
        user__email="manager@example.com", user__roles=["Hiring manager"], job_title="Manager"
    )
    policy = PolicyFactory(title="Code of conduct", published=True)
    module = TrainingModuleFactory(title="CRM basics", pass_mark_percent=100)
    QuizQuestionFactory(module=module, text="Where do you log a call?")
    template = ChecklistTemplateFactory(name="Everyone")
    TemplateItemFactory(
        template=template, kind=ItemKind.POLICY, policy=policy, title="Accept the code of conduct"
    )
    TemplateItemFactory(
        template=template, kind=ItemKind.TRAINING, training=module, title="Learn the CRM"
    )
    TemplateItemFactory(template=template, title="Bring your ID", due_offset_days=0)
    TemplateItemFactory(template=template, title="Welcome lunch", owner=ItemOwner.MANAGER)
    user = user_create(email="noah@example.com", first_name="Noah", last_name="Kim",
                       password=PASSWORD)  # fmt: skip
    employee = employee_create(
        user=user,
        job_title="Payroll Clerk",
        start_date=timezone.localdate() + datetime.timedelta(days=5),
        manager=manager,
    )
    employee_hired.send(sender="recruiting", employee=employee, application=None)
    return employee


def test_new_hire_accepts_a_policy_completes_a_training_and_the_manager_sees_it(page):
    _hire()
    sign_in(page, "noah@example.com", PASSWORD)
    page.get_by_role("link", name="Onboarding").first.click()
    expect(page.get_by_role("heading", name="My onboarding")).to_be_visible()
    progress = page.get_by_test_id("progress-count")
    expect(progress).to_have_text("0 of 4")

    # A policy: the document, and an explicit acceptance of version 1.
    page.get_by_role("link", name="Read and accept").click()
    expect(page.get_by_text("Be kind.")).to_be_visible()
    accept = page.get_by_role("button", name="Accept")
    expect(accept).to_be_disabled()
    page.get_by_label("I have read and accept version 1").check()
    accept.click()
    expect(page.get_by_text("Done: Accept the code of conduct.")).to_be_visible()
    expect(progress).to_have_text("1 of 4")

    # A training with its quiz.
    page.get_by_role("link", name="Start training").click()
    page.get_by_label("Right").check()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(progress).to_have_text("2 of 4")

    # A task, ticked in one click without reloading the page (htmx).
    page.evaluate("window.notReloaded = true")
    page.locator("#main li", has_text="Bring your ID").get_by_role(
        "button", name="Mark done"
    ).click()
    expect(progress).to_have_text("3 of 4")
    expect(page.locator(".progress-bar").first).to_have_attribute("style", "width: 75%")
    assert page.evaluate("window.notReloaded") is True
    # The manager's item cannot be ticked by the new hire.
    expect(page.locator("#main li", has_text="Welcome lunch").get_by_role("button")).to_have_count(
        0
    )
    assert page.console_errors == []

    # The manager's board shows the progress.
    page.context.clear_cookies()
    sign_in(page, "manager@example.com", PASSWORD)
    page.goto("/onboarding/team/")
    row = page.get_by_role("row", name="Noah Kim")
    expect(row).to_contain_text("3 of 4")
    expect(row).to_contain_text("in 5 days")
    row.get_by_role("link", name="Noah Kim").click()
    expect(page.get_by_text("Code of conduct v1")).to_be_visible()
    expect(page.get_by_text("CRM basics")).to_be_visible()
    assert page.console_errors == []
