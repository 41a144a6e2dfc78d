"""The pipeline board with the keyboard alone: a move gives the focus back to the moved card's
Move control and the status region says what happened; a refused move is announced too."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from recruiting.models import Application
from recruiting.services import application_move
from tests.e2e.keyboard import (
    assert_focus_visible,
    choose_option,
    focus_matches,
    focused,
    sign_in_by_keyboard,
    skip_to_main,
    tab_to,
)
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import ApplicationFactory, CandidateFactory, RequisitionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _card_control(application, stage):
    return (
        f".board-column[data-stage='{stage}'] .board-card[data-application='{application.pk}'] "
        f"#move-{application.pk}"
    )


def test_board_keyboard_move_keeps_focus_and_announces_moves_and_refusals(page):
    cache.clear()
    manager = EmployeeFactory(
        user__roles=["Hiring manager"], user__email="manager@example.com"
    ).user
    job = RequisitionFactory(hiring_manager=manager, title="Records Assistant")
    ApplicationFactory(requisition=job, candidate=CandidateFactory(name="Otto Other"))
    ines = ApplicationFactory(requisition=job, candidate=CandidateFactory(name="Ines Dekker"))

    sign_in_by_keyboard(page, "manager@example.com", PASSWORD)
    page.goto(f"/recruiting/requisitions/{job.pk}/board/")
    status = page.get_by_test_id("board-status")
    expect(status).to_have_text("")
    skip_to_main(page)

    # Tab to Ines's Move menu: its name says whom it moves.
    tab_to(page, f"#move-{ines.pk}")
    expect(page.locator(f"#move-{ines.pk}")).to_have_accessible_name("Move Ines Dekker to…")
    assert_focus_visible(page)
    assert page.evaluate("() => document.activeElement.value") == "screening"  # forward first
    page.keyboard.press("Tab")
    button = page.locator(f".board-card[data-application='{ines.pk}'] button[type=submit]")
    expect(button).to_be_focused()
    expect(button).to_have_accessible_name("Move Ines Dekker")
    page.keyboard.press("Enter")

    # The card is in Screening, the focus is back on its Move menu, and the move was said.
    expect(status).to_have_text("Moved Ines Dekker to Screening")
    expect(page.locator(_card_control(ines, "screening"))).to_be_focused()
    assert_focus_visible(page)
    ines.refresh_from_db()
    assert ines.stage == Application.Stage.SCREENING

    # Again from there, with Space on the button this time: on to Assessment.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(status).to_have_text("Moved Ines Dekker to Assessment")
    expect(page.locator(_card_control(ines, "assessment"))).to_be_focused()

    # A move back asks first (data-confirm); the answer comes from the keyboard user too.
    choose_option(page, "screening")
    page.keyboard.press("Tab")
    page.once("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("Enter")
    expect(status).to_have_text("Moved Ines Dekker to Screening")
    expect(page.locator(_card_control(ines, "screening"))).to_be_focused()

    # Someone else moves her meanwhile: this page's move is refused and says so; the focus
    # stays with her card, now where she really is.
    ines.refresh_from_db()
    application_move(application=ines, to_stage="assessment", by=None)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Could not move Ines Dekker: Ines Dekker was moved to")
    expect(page.locator(_card_control(ines, "assessment"))).to_be_focused()
    assert focus_matches(page, f"#move-{ines.pk}"), focused(page)
    assert page.console_errors == []


def test_board_keyboard_move_on_a_phone_opens_the_section_the_card_went_to(page):
    cache.clear()
    manager = EmployeeFactory(
        user__roles=["Hiring manager"], user__email="manager@example.com"
    ).user
    job = RequisitionFactory(hiring_manager=manager, title="Records Assistant")
    ines = ApplicationFactory(requisition=job, candidate=CandidateFactory(name="Ines Dekker"))

    page.set_viewport_size({"width": 390, "height": 800})
    sign_in_by_keyboard(page, "manager@example.com", PASSWORD)
    page.goto(f"/recruiting/requisitions/{job.pk}/board/")
    screening = page.locator("details.board-column[data-stage='screening']")
    expect(screening).not_to_have_attribute("open", "")  # only the first stage with cards
    skip_to_main(page)
    tab_to(page, f"#move-{ines.pk}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("board-status")).to_have_text("Moved Ines Dekker to Screening")
    expect(screening).to_have_attribute("open", "")
    expect(page.locator(_card_control(ines, "screening"))).to_be_focused()
    assert_focus_visible(page)
