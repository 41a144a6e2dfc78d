"""A new hire works through their onboarding; their manager watches the board."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from backoffice.people.models import Employee
from backoffice.people.services import employee_create, user_create
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


def _hire(announce_hire) -> Employee:
    """What recruiting's hire does: an employee, then the employee_hired event."""
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
    announce_hire(employee)
    return employee


def test_new_hire_accepts_a_policy_completes_a_training_and_the_manager_sees_it(
    page, announce_hire
):
    _hire(announce_hire)
    sign_in(page, "noah@example.com", PASSWORD)
    page.get_by_role("link", name="Onboarding").first.click()
    expect(page.get_by_role("heading", name="My onboarding")).to_be_visible()
    progress = page.get_by_test_id("progress-count")
    expect(progress).to_have_text("0 of 3")

    # A policy: the document, and an explicit acceptance of version 1.
    page.get_by_role("link", name="Read and accept").click()
    expect(page.get_by_text("Be kind.")).to_be_visible()
    accept = page.get_by_role("button", name="Accept")
    expect(accept).to_be_disabled()
    page.get_by_label("I have read and accept version 1").check()
    accept.click()
    expect(page.get_by_text("Done: Accept the code of conduct.")).to_be_visible()
    expect(progress).to_have_text("1 of 3")

    # A training with its quiz.
    page.get_by_role("link", name="Start training").click()
    page.get_by_label("Right").check()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(progress).to_have_text("2 of 3")

    # A task, ticked in one click without reloading the page (htmx).
    page.evaluate("window.notReloaded = true")
    page.locator("#main li", has_text="Bring your ID").get_by_role(
        "button", name="Mark done"
    ).click()
    expect(progress).to_have_text("3 of 3")
    expect(page.locator(".progress-bar").first).to_have_attribute("style", "width: 100%")
    assert page.evaluate("window.notReloaded") is True
    # The manager's item is apart, under "Others are preparing", and not the new hire's to tick.
    others = page.locator("section", has_text="Others are preparing")
    expect(others).to_contain_text("Welcome lunch")
    expect(others.get_by_role("button")).to_have_count(0)
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


LESSON = """## Matching an invoice

![The three-way match](match.png)

Before an invoice is paid, the **purchase order**, the **goods received note** and the
**invoice** must agree. A price more than 2% above the PO puts the invoice on hold.
"""


def _training_and_policy(hr_user):
    """A training with a lesson, a picture and a two-question quiz, and a policy to accept."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onboarding import services
    from onboarding.demo_content import three_way_match_png
    from onboarding.models import QuizChoice, QuizQuestion

    module = TrainingModuleFactory(
        title="Accounting system", content=LESSON, pass_mark_percent=100, estimated_minutes=40
    )
    services.training_attachment_add(
        module=module,
        title="Diagram",
        upload=SimpleUploadedFile("match.png", three_way_match_png()),
    )
    for order, (text, right, wrong) in enumerate(
        [
            (
                "Which documents must agree?",
                "PO, goods received note and invoice",
                "Only the invoice",
            ),
            ("The price is 5% above the PO. What do you do?", "Put it on hold", "Pay it"),
        ]
    ):
        question = QuizQuestion.objects.create(module=module, order=order, text=text)
        QuizChoice.objects.create(question=question, text=wrong, is_correct=False)
        QuizChoice.objects.create(question=question, text=right, is_correct=True)
    policy = PolicyFactory(title="Remote work")
    services.policy_publish_version(
        policy=policy,
        body="## Remote work\n\nWork from home up to two days a week.",
        effective_date=timezone.localdate(),
        by=hr_user,
    )
    template = ChecklistTemplateFactory(name="Finance")
    TemplateItemFactory(template=template, kind=ItemKind.TRAINING, training=module,
                        title="Training: Accounting system")  # fmt: skip
    TemplateItemFactory(template=template, kind=ItemKind.POLICY, policy=policy,
                        title="Read and accept: Remote work")  # fmt: skip
    return module, policy


def test_training_with_a_retry_then_hr_publishes_a_new_policy_version(page, announce_hire):
    hr = EmployeeFactory(user__email="hr@example.com", user__roles=["HR"], user__is_staff=True)
    _training_and_policy(hr.user)
    employee = _hire(announce_hire)  # Noah: the training, and the policy asked of everyone
    sign_in(page, "noah@example.com", PASSWORD)
    page.goto("/onboarding/")

    # The training: its lesson and picture come first, the quiz after.
    page.locator("#main li", has_text="Training: Accounting system").get_by_role(
        "link", name="Start training"
    ).click()
    expect(page.get_by_role("heading", name="Matching an invoice")).to_be_visible()
    expect(page.get_by_role("img", name="The three-way match")).to_be_visible()
    # The picture really loads (served by the access-checked view, an image of our origin).
    image = page.locator(".training-content img")
    for _ in range(50):
        if image.evaluate("img => img.complete && img.naturalWidth") > 0:
            break
        page.wait_for_timeout(100)
    assert image.evaluate("img => img.naturalWidth") == 360

    # One wrong answer: the same page again, the wrong question marked, no error page.
    page.get_by_label("PO, goods received note and invoice").check()
    page.get_by_label("Pay it").check()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.get_by_text("You scored 50%; the pass mark is 100%.")).to_be_visible()
    expect(
        page.locator(".invalid-feedback, .is-invalid ~ .invalid-feedback").first
    ).to_contain_text("Not right")
    wrong = page.locator("fieldset, .mb-3", has_text="The price is 5% above the PO")
    expect(wrong.last).to_contain_text("Not right")
    expect(page.get_by_role("heading", name="Matching an invoice")).to_be_visible()
    # The retry, after reading again.
    page.get_by_label("Put it on hold").check()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.get_by_text("Passed with 100%")).to_be_visible()

    # The policy: never accepted before, so it is "to read".
    row = page.locator("#main li", has_text="Read and accept: Remote work")
    expect(row).to_contain_text("To read")
    row.get_by_role("link", name="Read and accept", exact=True).click()
    page.get_by_label("I have read and accept version 1").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Done: Read and accept: Remote work.")).to_be_visible()
    assert page.console_errors == []

    # HR writes version 2 from version 1's text, compares, previews and publishes.
    page.context.clear_cookies()
    sign_in(page, "hr@example.com", PASSWORD)
    page.goto("/onboarding/policies/")
    page.get_by_role("link", name="Remote work").click()
    page.get_by_role("button", name="Write a new version").click()
    body = page.get_by_label("Policy text")
    expect(body).to_have_value("## Remote work\n\nWork from home up to two days a week.")
    body.fill("## Remote work\n\nWork from home up to three days a week.")
    page.get_by_label("What changed").fill("Three days a week instead of two")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft of version 2 saved.")).to_be_visible()
    expect(page.locator("table.policy-diff del")).to_have_text(
        "Work from home up to two days a week."
    )
    expect(page.locator("table.policy-diff ins")).to_have_text(
        "Work from home up to three days a week."
    )
    page.get_by_role("link", name="Preview as employees see it").click()
    expect(page.get_by_text("Work from home up to three days a week.")).to_be_visible()
    expect(page.get_by_text("I have read and accept version 2")).to_be_visible()
    page.get_by_role("link", name="Publish…").click()
    count = page.locator("[data-publish-count]")
    expect(count).to_contain_text("2 people will be asked to read and accept it")
    expect(count).to_contain_text("1 who accepted an earlier version")
    page.get_by_label("Material: everyone concerned must read and accept it again").check()
    page.get_by_role("button", name="Publish version 2").click()
    expect(
        page.get_by_text("Version 2 of “Remote work” is published; 2 people were asked")
    ).to_be_visible()
    assert page.console_errors == []

    # Noah, who accepted version 1, is asked again, and told it is a new version.
    page.context.clear_cookies()
    sign_in(page, "noah@example.com", PASSWORD)
    page.goto("/onboarding/")
    row = page.locator("#main li", has_text="Read and accept: Remote work").filter(
        has_not_text="Done"
    )
    expect(row).to_contain_text("New version")
    row.get_by_role("link", name="Read and accept", exact=True).click()
    expect(page.get_by_text("What changed: Three days a week instead of two")).to_be_visible()
    page.get_by_label("I have read and accept version 2").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Done: Read and accept: Remote work.")).to_be_visible()
    accepted = employee.policy_acknowledgements.filter(version__policy__title="Remote work")
    assert sorted(accepted.values_list("version__number", flat=True)) == [1, 2]
    assert page.console_errors == []
