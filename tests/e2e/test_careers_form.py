"""The careers form on a phone: an error summary first, linking to each field (issue 13.10);
the logo of public pages leads to the careers list; the fields say what they are."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.factories.recruiting import RequisitionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def test_a_phone_sees_an_error_summary_that_links_to_each_field(page):
    cache.clear()
    job = RequisitionFactory(title="Data-Entry Clerk", description="A long description. " * 80)
    page.set_viewport_size(PHONE)
    page.goto(f"/careers/{job.pk}/")
    page.get_by_label("Full name").fill("Jane Doe")
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Send application").click()

    summary = page.get_by_role("alert").filter(has_text="Please correct")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    texts = links.all_inner_texts()
    assert any(text.startswith("Email (required)") for text in texts)
    assert any(text.startswith("Resume (required)") for text in texts)
    assert any(text.startswith("I agree") for text in texts)
    assert not any(text.startswith("Full name") for text in texts)  # filled correctly

    summary.get_by_role("link", name="Email (required)").click()
    expect(page.locator("#id_email")).to_be_focused()
    expect(page.locator("#id_email")).to_be_in_viewport()


def test_the_form_helps_browsers_fill_it_and_marks_required_fields_in_words(page):
    job = RequisitionFactory()
    page.goto(f"/careers/{job.pk}/")
    expect(page.locator("#id_name")).to_have_attribute("autocomplete", "name")
    expect(page.locator("#id_email")).to_have_attribute("autocomplete", "email")
    expect(page.locator("#id_phone")).to_have_attribute("autocomplete", "tel")
    expect(page.get_by_text("Full name (required)")).to_be_visible()
    expect(page.get_by_text("Phone", exact=True)).to_be_visible()  # optional: no mark


def test_the_logo_on_public_pages_leads_to_the_careers_list(page):
    job = RequisitionFactory(title="Data-Entry Clerk")
    page.goto(f"/careers/{job.pk}/")
    careers_list = page.url.removesuffix(f"{job.pk}/")
    page.locator(".navbar-brand").click()
    expect(page).to_have_url(careers_list)
    expect(page.get_by_role("link", name="Data-Entry Clerk")).to_be_visible()
    page.goto("/accounts/login/")
    page.locator(".navbar-brand").click()
    expect(page.get_by_role("link", name="Data-Entry Clerk")).to_be_visible()
    # Staff still find the sign-in page from there.
    page.get_by_role("link", name="Staff sign in").click()
    expect(page.get_by_label("Password")).to_be_visible()
