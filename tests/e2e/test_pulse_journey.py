"""HR schedules a pulse, people answer through their emailed links, and HR and a manager read
the results — the small team's withheld."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from backoffice.notifications.models import OutboxMessage
from performance.models import PulseAnswer
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, DepartmentFactory, UserFactory
from tests.factories.pulse import team

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ITEMS = ("collaboration", "workload", "autonomy", "recognition", "growth")


def _link_for(email):
    body = OutboxMessage.objects.get(to=[email], key__startswith="performance.pulse:").body_text
    return re.search(r"/performance/pulse/answer/[^/\s]+/", body).group(0)


def _answer(page, link, *, enps, score, comment=""):
    page.goto(link)
    page.locator(f"label[for='id_enps_{enps}']").click()
    for item in ITEMS:
        page.locator(f"label[for='id_{item}_{score - 1}']").click()
    if comment:
        page.get_by_label("Anything else? (optional)").fill(comment)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("your answer is in")).to_be_visible()


def test_hr_schedules_people_answer_by_link_and_results_respect_the_minimum(page):
    UserFactory(email="hannah@example.com", roles=["HR"])
    department = DepartmentFactory(name="Operations")
    big_manager, big = team(department=department, size=5)
    small_manager, small = team(department=department, size=2)
    big_manager.user.email = "priya@example.com"
    big_manager.user.save()

    sign_in(page, "hannah@example.com", PASSWORD)
    page.goto("/performance/pulse/new/")
    page.get_by_label("Name").fill("Monthly pulse")
    page.get_by_label("Operations").check()
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("“Monthly pulse” is scheduled.")).to_be_visible()
    expect(page.get_by_text("its results are not shown")).to_be_visible()  # nobody answered yet

    page.context.clear_cookies()
    for person, enps in zip(big, [10, 9, 9, 8, 4], strict=True):
        _answer(page, _link_for(person.user.email), enps=enps, score=4, comment="Good month")
    for person in small:
        _answer(page, _link_for(person.user.email), enps=2, score=1, comment="Only two of us")
    assert PulseAnswer.objects.count() == 7
    # A second visit to a used link answers nothing more.
    page.goto(_link_for(big[0].user.email))
    expect(page.get_by_text("your answer is in")).to_be_visible()

    sign_in(page, "hannah@example.com", PASSWORD)
    page.goto("/performance/pulse/")
    page.get_by_role("link", name="Monthly pulse").click()
    table = page.get_by_role("table").first
    expect(table).to_contain_text("7")  # everyone asked in Operations who answered
    page.get_by_role("link", name=f"Team of {big_manager.user.get_full_name()}").click()
    expect(page.get_by_role("table").first).to_contain_text("40")  # (3 - 1) / 5 = eNPS 40
    expect(page.locator("canvas[data-pulse-chart]")).to_be_visible()
    expect(page.get_by_text("Good month").first).to_be_visible()
    page.get_by_role("link", name=f"Team of {small_manager.user.get_full_name()}").click()
    expect(page.get_by_text("its results are not shown")).to_be_visible()
    expect(page.get_by_text("Only two of us")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, "priya@example.com", PASSWORD)
    page.goto("/performance/")
    page.get_by_role("link", name="Pulse surveys").click()
    page.get_by_role("link", name="Monthly pulse").click()
    expect(page.get_by_role("heading", name="Your team")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("40")
    expect(page.get_by_role("link", name="Operations")).to_have_count(0)

    page.context.clear_cookies()
    small_manager.user.email = "sam@example.com"
    small_manager.user.save()
    sign_in(page, "sam@example.com", PASSWORD)
    page.goto("/performance/pulse/")
    page.get_by_role("link", name="Monthly pulse").click()
    expect(page.get_by_text("its results are not shown")).to_be_visible()
    assert page.console_errors == []


def test_a_development_item_agreed_trained_and_confirmed_raises_the_level(page):
    from onboarding.models import PlanItem
    from performance.models import Skill
    from performance.services.skills import skill_assess
    from tests.factories.onboarding import TrainingModuleFactory
    from tests.factories.people import EmployeeFactory

    manager = EmployeeFactory(user__email="priya@example.com")
    clerk = EmployeeFactory(
        user__email="ella@example.com", user__first_name="Ella", manager=manager
    )
    skill = Skill.objects.get(slug="spreadsheets")
    skill_assess(employee=clerk, skill=skill, by=manager.user, level=1)
    TrainingModuleFactory(title="Spreadsheets: lookups and pivots")

    sign_in(page, "priya@example.com", PASSWORD)
    page.goto(f"/performance/people/{clerk.pk}/development/")
    page.get_by_label("Skill", exact=False).first.select_option(label="Spreadsheets")
    page.get_by_label("Kind").first.select_option(label="Training from the catalogue")
    page.get_by_label("Training", exact=True).select_option(
        label="Spreadsheets: lookups and pivots"
    )
    page.get_by_label("Due on").fill(
        (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_label("Raises the skill to").select_option("2")
    page.get_by_role("button", name="Propose").click()
    expect(page.get_by_text("Proposed: the other side agrees it next.")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "ella@example.com", PASSWORD)
    page.goto(f"/performance/people/{clerk.pk}/development/")
    page.get_by_role("button", name="Agree to Spreadsheets: lookups and pivots").click()
    expect(page.get_by_text("on Ella")).to_be_visible()
    item = PlanItem.objects.get(plan__employee=clerk)
    page.goto(f"/onboarding/items/{item.pk}/")
    page.get_by_role("button", name="I have completed this training").click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    sign_in(page, "priya@example.com", PASSWORD)
    page.goto(f"/performance/people/{clerk.pk}/development/")
    expect(page.get_by_text("Training completed on")).to_be_visible()
    page.get_by_role("button", name="Confirm Spreadsheets: lookups and pivots").click()
    expect(page.get_by_text("Confirmed")).to_be_visible()
    page.goto(f"/performance/people/{clerk.pk}/skills/")
    row = page.get_by_role("row", name=re.compile("Spreadsheets"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("2")  # the manager's level rose
    assert page.console_errors == []
