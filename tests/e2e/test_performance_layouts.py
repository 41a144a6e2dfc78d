"""Two layouts HR relies on: the cycle changelist at 1280 px, calibration on a phone."""

import pytest
from playwright.sync_api import expect

from performance.models import ReviewCycle
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.performance import ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def hr(db):
    return EmployeeFactory(
        user__email="hr@example.com", user__roles=["HR"], user__is_staff=True
    ).user


def test_the_cycle_changelist_fits_1280_pixels(page, hr):
    for status in ("self_review", "closed"):
        ReviewFactory(
            cycle__status=status, cycle__name=f"Year-end review of the finance team {status}"
        )
    sign_in(page, hr.email, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/performance/reviewcycle/")
    expect(page.get_by_role("columnheader", name="Step due")).to_be_visible()
    overflow = page.evaluate(
        "() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth - box.clientWidth; }"
    )
    assert overflow <= 0, f"the changelist is {overflow}px too wide"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280


def test_calibration_adjusts_a_rating_on_a_phone(page, hr):
    review = ReviewFactory(cycle__status=ReviewCycle.Status.CALIBRATION)
    write_side(review, "self")
    write_side(review, "manager", rating=3)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, hr.email, PASSWORD)
    page.goto(f"/performance/cycles/{review.cycle_id}/calibration/")
    button = page.get_by_role("button", name="Adjust")
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.get_by_label("Final rating").select_option("4")
    page.get_by_label("Reason").fill("Ahead of peers on accuracy")
    button.click()
    expect(page.get_by_text(f"Final rating of {review.employee} adjusted.")).to_be_visible()
    review.refresh_from_db()
    assert review.final_rating == 4


def test_the_manager_reads_the_self_review_beside_their_form_on_a_wide_screen(page):
    review = ReviewFactory(employee__manager__user__email="marcus@example.com")
    write_side(review, "self", text="Cleared the invoice backlog")
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, "marcus@example.com", PASSWORD)
    page.goto(f"/performance/reviews/{review.pk}/")
    form = page.locator("[data-side=form]").bounding_box()
    beside = page.locator("[data-side=self-review]").bounding_box()
    assert beside["x"] >= form["x"] + form["width"] - 1, (form, beside)
    assert abs(beside["y"] - form["y"]) < 5
    expect(page.get_by_text("Cleared the invoice backlog").first).to_be_in_viewport()
