"""The hiring story at its seams, in a real browser (issue 13): independent scoring as two
interviewers; date inputs that show their value; destructive actions that ask first; a Move
menu that never defaults backwards; the whole board in view; scorecards only after the
interview has started."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from recruiting.models import Application, Candidate, Interview, Requisition, Scorecard
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    RejectionReasonFactory,
    RequisitionFactory,
    template_with_criteria,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _as(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


def _people():
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hr@example.com")
    manager = EmployeeFactory(
        user__roles=["Hiring manager", "Interviewer"], user__email="manager@example.com"
    ).user
    ivy = EmployeeFactory(
        user__roles=["Interviewer"],
        user__email="ivy@example.com",
        user__first_name="Ivy",
        user__last_name="First",
    ).user
    sam = EmployeeFactory(
        user__roles=["Interviewer"],
        user__email="sam@example.com",
        user__first_name="Sam",
        user__last_name="Second",
    ).user
    return hr.user, manager, ivy, sam


def _score(page, interview, template, value, recommendation):
    page.goto(f"/recruiting/interviews/{interview.pk}/scorecard/")
    for criterion in template.criteria.all():
        page.locator(f"#r{criterion.pk}-{value}").check()
        page.locator(f"#note-{criterion.pk}").fill("Showed it with a worked example.")
    page.get_by_label("Overall recommendation").select_option(recommendation)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()


def _no_scores_shown(page):
    """Nothing derived from colleagues' scorecards on the page in view."""
    body = page.locator("body")
    expect(page.get_by_test_id("card-score")).to_have_count(0)
    expect(body).not_to_contain_text("Disagreement")
    expect(body).not_to_contain_text("Strong yes 1")
    expect(body).not_to_contain_text(" scorecard · ")
    expect(body).not_to_contain_text("scorecards · ")


def test_two_interviewers_score_independently(page):
    cache.clear()
    _hr, manager, ivy, sam = _people()
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper")
    template = template_with_criteria(job)
    application = ApplicationFactory(
        requisition=job,
        stage=Application.Stage.INTERVIEW,
        candidate=CandidateFactory(name="Nina Newhire"),
    )
    interview = InterviewFactory(
        application=application,
        interviewers=[ivy, sam],
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    app_url = f"/recruiting/applications/{application.pk}/"
    other_pages = [
        f"/recruiting/requisitions/{job.pk}/board/",
        f"/recruiting/requisitions/{job.pk}/ranking/",
        "/recruiting/calibration/",
        "/recruiting/candidates/",
        "/",
    ]

    # Ivy submits a strong yes: all 4s.
    _as(page, "ivy@example.com")
    _score(page, interview, template, 4, "strong_yes")

    # Sam, before submitting: no score, tally, count or flag anywhere.
    _as(page, "sam@example.com")
    page.goto(app_url)
    expect(page.get_by_test_id("others-hidden")).to_be_visible()
    expect(page.get_by_test_id("skills-score")).to_have_text("—")
    expect(page.get_by_test_id("culture-score")).to_have_text("—")
    expect(page.get_by_test_id("scorecard")).to_have_count(0)
    _no_scores_shown(page)
    for url in other_pages:
        page.goto(url)
        _no_scores_shown(page)

    # Sam submits (1s against Ivy's 4s): now the panel's picture is there, flag included.
    _score(page, interview, template, 1, "no")
    page.goto(app_url)
    expect(page.get_by_test_id("others-hidden")).to_have_count(0)
    expect(page.get_by_test_id("scorecard")).to_have_count(2)
    expect(page.get_by_test_id("skills-score")).not_to_have_text("—")
    expect(page.get_by_test_id("assessment")).to_contain_text("2 scorecards")
    expect(page.get_by_test_id("assessment")).to_contain_text("Strong yes 1")
    expect(page.get_by_test_id("assessment")).to_contain_text("Disagreement")
    # The board, ranking and calibration stay the managers' pages: still nothing there for Sam.
    for url in other_pages[:3]:
        page.goto(url)
        _no_scores_shown(page)

    # The hiring manager sees it all on the board and the ranking; HR on the calibration.
    _as(page, "manager@example.com")
    page.goto(f"/recruiting/requisitions/{job.pk}/board/")
    expect(page.get_by_test_id("card-score")).to_contain_text("2 cards")
    page.goto(f"/recruiting/requisitions/{job.pk}/ranking/")
    expect(page.locator("body")).to_contain_text("Disagreement")
    _as(page, "hr@example.com")
    page.goto("/recruiting/calibration/")
    expect(page.locator("body")).to_contain_text("Ivy First")
    expect(page.locator("body")).to_contain_text("Sam Second")
    # The only errors: the managers' pages refusing Sam (403).
    assert [error for error in page.console_errors if "403 (Forbidden)" not in error] == []


def test_date_inputs_show_their_values(page):
    cache.clear()
    _hr, manager, ivy, _sam = _people()
    job = RequisitionFactory(
        hiring_manager=manager,
        title="Bookkeeper",
        status=Requisition.Status.DRAFT,
        target_start_date=timezone.localdate() + datetime.timedelta(days=40),
    )
    template_with_criteria(job)
    application = ApplicationFactory(requisition=job, stage=Application.Stage.OFFER)
    interview = InterviewFactory(application=application, interviewers=[ivy])
    _as(page, "manager@example.com")

    page.goto(f"/recruiting/applications/{application.pk}/offers/new/")
    start = page.get_by_label("Start date")
    expect(start).to_have_value(job.target_start_date.isoformat())
    expect(page.get_by_label("Offer expires on")).not_to_have_value("")

    page.goto(f"/recruiting/requisitions/{job.pk}/edit/")
    expect(page.locator("input[name='target_start_date']")).to_have_value(
        job.target_start_date.isoformat()
    )

    page.goto(f"/recruiting/interviews/{interview.pk}/edit/")
    value = page.get_by_label("Starts (company time)").input_value()
    assert value == timezone.localtime(interview.starts_at).strftime("%Y-%m-%dT%H:%M")

    # The offer is drafted with the defaults as they stand.
    page.goto(f"/recruiting/applications/{application.pk}/offers/new/")
    page.get_by_label("Yearly salary").fill("42000")
    page.get_by_role("button", name="Save the draft offer").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Draft")
    assert page.console_errors == []


def test_destructive_actions_ask_first_and_a_dismissal_changes_nothing(page):
    cache.clear()
    _hr, manager, ivy, _sam = _people()
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper")
    template = template_with_criteria(job)
    RejectionReasonFactory(name="Not enough relevant experience")
    application = ApplicationFactory(
        requisition=job, stage=Application.Stage.INTERVIEW, candidate__name="Nina Newhire"
    )
    interview = InterviewFactory(
        application=application,
        interviewers=[ivy],
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    InterviewFactory(application=application, interviewers=[ivy])  # one still to come
    app_url = f"/recruiting/applications/{application.pk}/"
    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    _as(page, "manager@example.com")

    # Cancelling the requisition.
    page.goto(f"/recruiting/requisitions/{job.pk}/board/")
    page.get_by_role("button", name="Mark cancelled").click()
    page.wait_for_timeout(300)
    job.refresh_from_db()
    assert job.status == Requisition.Status.OPEN

    # A move backwards from the board (the card's form and a drag).
    card = page.locator(f".board-card[data-application='{application.pk}']")
    card.get_by_label("Move Nina Newhire to").select_option("screening")
    card.get_by_role("button", name="Move").click()
    page.wait_for_timeout(300)
    card.drag_to(page.locator(".board-column[data-stage='applied']"))
    page.wait_for_timeout(300)
    application.refresh_from_db()
    assert application.stage == Application.Stage.INTERVIEW

    # Cancelling an interview; rejecting.
    page.goto(app_url)
    page.get_by_role("button", name="Cancel", exact=True).last.click()
    page.wait_for_timeout(300)
    page.get_by_role("combobox", name="Reason").select_option(
        label="Not enough relevant experience"
    )
    page.get_by_role("button", name="Reject").click()
    page.wait_for_timeout(300)
    application.refresh_from_db()
    assert not Interview.objects.filter(cancelled_at__isnull=False).exists()
    assert application.stage == Application.Stage.INTERVIEW

    # Submit and lock of a scorecard.
    _as(page, "ivy@example.com")
    page.goto(f"/recruiting/interviews/{interview.pk}/scorecard/")
    for criterion in template.criteria.all():
        page.locator(f"#r{criterion.pk}-3").check()
    page.get_by_label("Overall recommendation").select_option("yes")
    page.get_by_role("button", name="Submit scorecard").click()
    page.wait_for_timeout(300)
    assert not Scorecard.objects.exists()

    assert len(asked) == 6, asked
    assert any("Cancel this requisition" in message for message in asked)
    assert any("Move back" in message for message in asked)
    assert any("Cancel this interview" in message for message in asked)
    assert any("Reject Nina Newhire" in message for message in asked)
    assert any("Submit and lock" in message for message in asked)

    # Erasing from the admin asks on a page of its own; going back erases nothing.
    _as(page, "hr@example.com")
    page.goto("/admin/recruiting/candidate/")
    page.locator(f"input[name='_selected_action'][value='{application.candidate_id}']").check()
    page.locator("select[name='action']").select_option("erase_selected")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("cannot be undone")).to_be_visible()
    page.get_by_role("link", name="No, take me back").click()
    assert Candidate.objects.get(pk=application.candidate_id).name == "Nina Newhire"
    assert page.console_errors == []


def test_the_move_menu_offers_the_next_stage_and_confirms_a_move_back(page):
    cache.clear()
    _hr, manager, _ivy, _sam = _people()
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper")
    template_with_criteria(job)
    offer = ApplicationFactory(requisition=job, stage=Application.Stage.OFFER)
    screening = ApplicationFactory(requisition=job, stage=Application.Stage.SCREENING)
    _as(page, "manager@example.com")

    page.goto(f"/recruiting/applications/{screening.pk}/")
    menu = page.get_by_label("Move to stage")
    expect(menu).to_have_value("assessment")
    options = menu.locator("option").all_inner_texts()
    assert "Hired" not in options
    assert "Rejected" not in options

    page.goto(f"/recruiting/applications/{offer.pk}/")
    menu = page.get_by_label("Move to stage")
    expect(menu).to_have_value("")  # no forward move on the menu: no default at all
    menu.select_option("interview")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_test_id("stage")).to_have_text("Interview")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_board_shows_the_whole_pipeline(page, width):
    cache.clear()
    _hr, manager, _ivy, _sam = _people()
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper")
    now = timezone.now()
    for stage in Application.OPEN_STAGES:
        for days in (3, 1):
            ApplicationFactory(
                requisition=job,
                stage=stage,
                applied_at=now - datetime.timedelta(days=days),
                candidate__name=f"{stage.label} {days}d",
            )
    page.set_viewport_size({"width": width, "height": 900})
    _as(page, "manager@example.com")
    page.goto(f"/recruiting/requisitions/{job.pk}/board/")
    columns = page.locator(".board-column")
    expect(columns).to_have_count(6)
    # Stage names are never cut.
    for name in page.locator(".board-stage-name").all():
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    # Newest applicants first.
    first = page.locator(".board-column[data-stage='applied'] .board-card a").first
    expect(first).to_have_text("Applied 1d")
    if width == 1280:
        board = page.locator("[data-board]")
        fits = board.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
        if fits:
            for column in columns.all():
                box = column.bounding_box()
                assert box["x"] >= 0
                assert box["x"] + box["width"] <= width
        else:
            expect(page.locator("[data-board-cue]")).to_be_visible()
        sticky = page.locator(".board-column-head").first.evaluate(
            "e => getComputedStyle(e).position"
        )
        assert sticky == "sticky"
        # Sorted by the longest in stage on request.
        page.get_by_role("link", name="Longest in stage").click()
        expect(first).to_have_text("Applied 3d")
    else:
        # A phone: each stage is a section that opens and closes.
        applied = page.locator("details.board-column[data-stage='applied']")
        expect(applied).to_have_attribute("open", "")
        screening = page.locator("details.board-column[data-stage='screening']")
        expect(screening.locator(".board-card").first).to_be_hidden()
        screening.locator("summary").click()
        expect(screening.locator(".board-card").first).to_be_visible()
    assert page.console_errors == []


def test_a_scorecard_waits_for_the_interview_to_start(page):
    cache.clear()
    _hr, manager, ivy, _sam = _people()
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper")
    template = template_with_criteria(job)
    application = ApplicationFactory(requisition=job, stage=Application.Stage.INTERVIEW)
    interview = InterviewFactory(application=application, interviewers=[ivy])
    long_anchor = "Types every record without a single slip, " * 4 + "even under time pressure."
    template.criteria.filter(pk=template.criteria.first().pk).update(anchor_4=long_anchor)
    _as(page, "ivy@example.com")
    page.goto(f"/recruiting/interviews/{interview.pk}/scorecard/")
    expect(page.get_by_test_id("not-started")).to_be_visible()
    expect(page.get_by_text(long_anchor)).to_be_visible()
    for criterion in template.criteria.all():
        page.locator(f"#r{criterion.pk}-3").check()
    page.get_by_label("Overall recommendation").select_option("yes")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_role("alert")).to_contain_text("once it has started")
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()
