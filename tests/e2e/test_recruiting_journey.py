"""A candidate applies on the careers page; the hiring manager finds them, moves them across
the board (drag-and-drop, then the card's form) and rejects another applicant with a reason."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from recruiting.models import Application, StageEvent
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RejectionReasonFactory,
    RequisitionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_apply_then_move_across_the_board_and_reject_another(page):
    cache.clear()
    manager = EmployeeFactory(
        user__roles=["Hiring manager"], user__email="manager@example.com", user__first_name="Marcus"
    ).user
    job = RequisitionFactory(hiring_manager=manager, title="Data-Entry Clerk", location="Utrecht")
    other = ApplicationFactory(requisition=job, candidate=CandidateFactory(name="Otto Other"))
    RejectionReasonFactory(name="Not enough relevant experience")

    # The candidate, signed out, applies with a PDF resume.
    page.goto("/careers/")
    page.get_by_role("link", name="Data-Entry Clerk").click()
    page.get_by_label("Full name").fill("Jane <b>Doe</b>")
    page.get_by_label("Email").fill("jane.doe@example.net")
    page.get_by_label("Resume").set_input_files(
        {"name": "jane-doe-cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_label("Years of experience").fill("6")
    page.get_by_label("Where did you hear about this job?").select_option("LinkedIn")
    page.get_by_label("I agree that my data is processed").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    application = Application.objects.get(candidate__email="jane.doe@example.net")

    # The hiring manager finds the application in the candidate list.
    sign_in(page, "manager@example.com", PASSWORD)
    expect(page.get_by_role("heading", name="New applications")).to_be_visible()
    page.get_by_role("link", name="Recruiting", exact=True).click()
    page.get_by_role("link", name="Candidates").click()
    page.get_by_label("Search").fill("jane.doe")
    page.get_by_role("button", name="Apply filters").click()
    # Markup typed by the candidate shows as text.
    page.get_by_role("link", name="Jane <b>Doe</b>").click()
    expect(page.get_by_test_id("stage")).to_have_text("Applied")

    # Across the board: a drag to Screening, then the card's form to Assessment.
    page.get_by_role("link", name="Data-Entry Clerk").first.click()
    card = page.locator(f".board-card[data-application='{application.pk}']")
    card.drag_to(page.locator(".board-column[data-stage='screening']"))
    screening_card = page.locator(
        f".board-column[data-stage='screening'] .board-card[data-application='{application.pk}']"
    )
    expect(screening_card).to_be_visible()
    screening_card.get_by_role("button", name="Move").click()  # forward is the default
    expect(
        page.locator(
            f".board-column[data-stage='assessment'] "
            f".board-card[data-application='{application.pk}']"
        )
    ).to_be_visible()
    application.refresh_from_db()
    assert application.stage == "assessment"
    assert list(
        StageEvent.objects.filter(application=application).values_list("to_stage", "by")
    ) == [("applied", None), ("screening", manager.pk), ("assessment", manager.pk)]

    # Reject the other applicant with a reason.
    page.get_by_role("link", name="Otto Other").click()
    page.get_by_role("combobox", name="Reason").select_option(
        label="Not enough relevant experience"
    )
    page.once("dialog", lambda dialog: dialog.accept())  # rejecting asks first
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Otto Other rejected: Not enough relevant experience.")).to_be_visible()
    expect(page.get_by_test_id("stage")).to_have_text("Rejected")
    other.refresh_from_db()
    assert other.stage == "rejected"
    assert other.rejection_reason.name == "Not enough relevant experience"
    assert page.console_errors == []


def test_a_bad_upload_is_refused_in_the_form(page):
    cache.clear()
    job = RequisitionFactory(title="Bookkeeper")
    page.goto(f"/careers/{job.pk}/")
    page.get_by_label("Full name").fill("Mallory")
    page.get_by_label("Email").fill("mallory@example.net")
    page.get_by_label("Resume").set_input_files(
        {"name": "resume.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 64}
    )
    page.get_by_label("Where did you hear about this job?").select_option("Other")
    page.get_by_label("I agree that my data is processed").check()
    page.get_by_role("button", name="Send application").click()
    # Said twice: in the summary at the top of the form (a link to the field) and at the field.
    refusal = page.get_by_text("is not a PDF, Word (.docx), OpenDocument (.odt)")
    expect(refusal).to_have_count(2)
    expect(page.get_by_role("alert").get_by_role("link", name="Resume (required)")).to_be_visible()
    assert not Application.objects.exists()
