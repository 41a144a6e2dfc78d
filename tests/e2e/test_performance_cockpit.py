"""HR runs a whole review cycle from its cockpit in the admin: a new cycle from the previous
one, a preview of the forms, launch, Remind pressed twice, every step to the end, close; at
each step the cockpit's counts are the database's."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from performance.models import Review, ReviewCycle, ReviewQuestion
from performance.services import reviews as review_services
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, DepartmentFactory, EmployeeFactory
from tests.factories.performance import ReviewCycleFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _reminders_any_time(settings):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _previous_cycle(finance):
    today = timezone.localdate()
    cycle = ReviewCycleFactory(
        name="Spring review",
        period_start=today - datetime.timedelta(days=365),
        period_end=today - datetime.timedelta(days=183),
        self_review_due=today - datetime.timedelta(days=176),
        manager_review_due=today - datetime.timedelta(days=169),
        calibration_due=today - datetime.timedelta(days=165),
        sharing_due=today - datetime.timedelta(days=160),
        acknowledgement_due=today - datetime.timedelta(days=155),
        status=ReviewCycle.Status.CLOSED,
        questions=False,
    )
    cycle.departments.add(finance)
    ReviewQuestion.objects.create(
        cycle=cycle,
        prompt="How accurate is their work?",
        self_prompt="How accurate is your work?",
        level_4="Very accurate",
    )
    return cycle


def _current_counts(page) -> dict[str, int]:
    step = page.locator("li[aria-current=step]")
    counts = {}
    for name in ("done", "in_progress", "not_started", "late", "total"):
        cell = step.locator(f"dd[data-count={name}]")
        if cell.count():  # "in progress" only on the steps people write
            counts[name] = int(cell.inner_text())
    return counts


def _press(page, button: str, confirm: str):
    page.get_by_role("link", name=button, exact=True).click()
    page.get_by_role("button", name=confirm).click()
    expect(page.locator(".messagelist")).to_be_visible()


def _reviews(cycle):
    return Review.objects.filter(cycle=cycle)


def test_hr_runs_a_cycle_from_its_cockpit(page):
    finance = DepartmentFactory(name="Finance")
    EmployeeFactory(
        user__email="hr@example.com",
        user__roles=["HR"],
        user__is_staff=True,
        department=DepartmentFactory(name="People"),
    )
    manager = EmployeeFactory(user__email="marcus@example.com", department=finance)
    manager.manager = None
    manager.save()
    ella = EmployeeFactory(user__first_name="Ella", department=finance, manager=manager)
    omar = EmployeeFactory(user__first_name="Omar", department=finance, manager=manager)
    _previous_cycle(finance)

    sign_in(page, "hr@example.com", PASSWORD)
    page.goto("/admin/performance/reviewcycle/")
    page.get_by_role("link", name="Spring review").click()
    expect(page.get_by_role("heading", name="Steps")).to_be_visible()

    # A new cycle from the previous one: same people's rules, questions and step offsets.
    page.get_by_role("link", name="New cycle from this one").first.click()
    page.get_by_label("Name:").fill("Autumn review")
    page.get_by_role("button", name="Create the new cycle").click()
    expect(page.get_by_text("created from Spring review")).to_be_visible()
    cycle = ReviewCycle.objects.get(name="Autumn review")
    assert cycle.questions.get().self_prompt == "How accurate is your work?"

    # The preview shows each side its own wording.
    page.get_by_role("link", name="Preview the forms").click()
    expect(page.get_by_text("1. How accurate is your work?")).to_be_visible()
    expect(page.get_by_text("1. How accurate is their work?")).to_be_visible()
    page.get_by_role("link", name="Back to the cycle").click()

    # Launch, through a confirmation that says who is in and who is left out.
    page.get_by_role("link", name="Launch", exact=True).click()
    expect(page.get_by_text("creates 2 reviews")).to_be_visible()
    expect(page.get_by_text("emails 3 people")).to_be_visible()
    expect(page.get_by_text("1 person without a manager is left out")).to_be_visible()
    page.get_by_role("button", name="Launch the cycle").click()
    expect(page.get_by_text("Launched: 2 review(s) created")).to_be_visible()
    assert _reviews(cycle).count() == 2
    assert _current_counts(page) == {
        "done": 0,
        "in_progress": 0,
        "not_started": 2,
        "late": 0,
        "total": 2,
    }
    launch_emails = len(mail.outbox)

    # Remind twice: each person still to write gets one email.
    review_services.review_draft_save(
        review=_reviews(cycle).get(employee=ella),
        author="self",
        by=ella.user,
        answers={cycle.questions.get().pk: {"rating": 4, "text": "Tidy"}},
    )
    for _ in range(2):
        _press(page, "Remind", "Send the reminders")
    reminders = mail.outbox[launch_emails:]
    assert sorted(message.to[0] for message in reminders) == sorted(
        [ella.user.email, omar.user.email]
    )
    page.reload()
    assert _current_counts(page) == {
        "done": 0,
        "in_progress": 1,
        "not_started": 1,
        "late": 0,
        "total": 2,
    }
    expect(page.locator("table.cycle-people")).not_to_contain_text("never")

    # Ella submits; HR moves the cycle on step by step to the end.
    ella_review = review_services.review_submit(
        review=_reviews(cycle).get(employee=ella), author="self", by=ella.user
    )
    page.reload()
    self_done = _reviews(cycle).filter(self_submitted_at__isnull=False).count()
    assert _current_counts(page)["done"] == self_done == 1

    _press(page, "Advance to manager review", "Advance to manager review")
    expect(page.locator("li[aria-current=step]")).to_contain_text("Manager review")
    review_services.review_draft_save(
        review=ella_review,
        author="manager",
        by=manager.user,
        answers={cycle.questions.get().pk: {"rating": 4, "text": "Accurate"}},
        overall_rating=4,
    )
    review_services.review_submit(review=ella_review, author="manager", by=manager.user)
    page.reload()
    manager_done = _reviews(cycle).filter(manager_submitted_at__isnull=False).count()
    assert _current_counts(page)["done"] == manager_done == 1

    _press(page, "Advance to calibration", "Advance to calibration")
    _press(page, "Advance to sharing", "Advance to sharing")
    shared = _reviews(cycle).filter(status=Review.Status.SHARED).count()
    assert _current_counts(page)["done"] == shared == 1
    _press(page, "Advance to acknowledgement", "Advance to acknowledgement")
    assert _current_counts(page) == {
        "done": 0,
        "not_started": 1,
        "late": 0,
        "total": 1,
    }

    page.get_by_role("link", name="Close", exact=True).click()
    expect(page.get_by_text("marks 1 review not completed")).to_be_visible()
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_text("The cycle is closed.")).to_be_visible()
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.CLOSED
    assert _reviews(cycle).filter(status=Review.Status.NOT_COMPLETED).count() == 1
    history = page.locator(".cycle-history")
    for kind in ("Created", "Launched", "Reminded", "Advanced", "Closed"):
        expect(history).to_contain_text(kind)
    assert page.console_errors == []
