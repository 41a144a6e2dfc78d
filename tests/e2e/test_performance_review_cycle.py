"""The review cycle from end to end: HR launches it in the admin, the employee and the manager
write their parts, HR closes the cycle and the employee acknowledges the shared result."""

import pytest
from playwright.sync_api import expect

from performance.models import Review
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, DepartmentFactory, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _switch_user(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


def _press(page, cycle_name, button, confirm):
    """On the cycle's cockpit, a button, then its confirmation."""
    page.goto("/admin/performance/reviewcycle/")
    page.get_by_role("link", name=cycle_name).click()
    page.get_by_role("link", name=button, exact=True).click()
    page.get_by_role("button", name=confirm).click()


def _create_cycle_in_admin(page):
    page.goto("/admin/performance/reviewcycle/add/")
    page.get_by_label("Name:").fill("Autumn review")
    page.get_by_label("Period start:").fill("2026-05-01")
    page.get_by_label("Period end:").fill("2026-10-31")
    page.locator(".field-departments .select2-search__field").fill("Fin")
    page.locator(".select2-results__option", has_text="Finance").click()
    for label, day in [
        ("Self review due:", "2026-12-05"),
        ("Manager review due:", "2026-12-12"),
        ("Calibration due:", "2026-12-16"),
        ("Sharing due:", "2026-12-19"),
        ("Acknowledgement due:", "2026-12-23"),
    ]:
        page.get_by_label(label, exact=True).fill(day)
    page.locator("#id_questions-0-prompt").fill("Quality and accuracy of work")
    page.locator("#id_questions-0-level_4").fill("Very accurate")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    expect(page.get_by_role("heading", name="Steps")).to_be_visible()  # its cockpit


def test_hr_runs_a_cycle_that_employee_and_manager_complete(page):
    finance = DepartmentFactory(name="Finance")
    EmployeeFactory(user__email="hr@example.com", user__roles=["HR"], user__is_staff=True)
    manager = EmployeeFactory(
        user__email="marcus@example.com", user__first_name="Marcus", department=finance
    )
    ella = EmployeeFactory(
        user__email="ella@example.com",
        user__first_name="Ella",
        user__last_name="Novak",
        department=finance,
        manager=manager,
    )
    page.on("dialog", lambda dialog: dialog.accept())

    # HR creates the cycle and launches it from the changelist.
    sign_in(page, "hr@example.com", PASSWORD)
    _create_cycle_in_admin(page)
    _press(page, "Autumn review", "Launch", "Launch the cycle")
    expect(page.get_by_text("Launched: 1 review(s) created")).to_be_visible()
    page.goto("/admin/performance/reviewcycle/")
    expect(page.get_by_role("row", name="Autumn review")).to_contain_text("0 / 1")

    # The employee writes and submits the self review.
    _switch_user(page, "ella@example.com")
    page.get_by_role("link", name="Performance").first.click()
    page.get_by_role("link", name="Write your self review · Autumn review").click()
    page.get_by_label("4 · Very accurate").check()
    page.get_by_label("Comment").fill("Caught every duplicate invoice this autumn.")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Submit and lock").click()
    expect(page.get_by_text("Submitted. Your review is locked.")).to_be_visible()

    # The manager reads the self review, then writes theirs.
    _switch_user(page, "marcus@example.com")
    page.goto("/performance/")
    page.get_by_role("link", name="Review of Ella Novak · Autumn review").click()
    expect(page.get_by_text("Caught every duplicate invoice this autumn.")).to_be_visible()
    page.get_by_label("5").first.check()
    page.get_by_label("Overall rating").select_option("4")
    page.get_by_role("button", name="Submit and lock").click()
    expect(page.get_by_text("Submitted. Your review is locked.")).to_be_visible()

    # HR closes the cycle: the written review is shared.
    _switch_user(page, "hr@example.com")
    _press(page, "Autumn review", "Close", "Close the cycle")
    expect(page.get_by_text("The cycle is closed.")).to_be_visible()

    # The employee reads the result and acknowledges it with a comment.
    _switch_user(page, "ella@example.com")
    page.goto("/performance/")
    page.get_by_role("link", name="Acknowledge your review · Autumn review").click()
    expect(page.get_by_role("heading", name="Manager's review")).to_be_visible()
    expect(page.get_by_text("4 / 5").first).to_be_visible()
    page.get_by_label("Comment (optional)").fill("Thanks; I'd like more 10-key practice.")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("your acknowledgement is recorded")).to_be_visible()

    review = Review.objects.get(employee=ella)
    assert review.status == Review.Status.ACKNOWLEDGED
    assert review.final_rating == 4
    assert review.acknowledgement_comment == "Thanks; I'd like more 10-key practice."
    assert page.console_errors == []
