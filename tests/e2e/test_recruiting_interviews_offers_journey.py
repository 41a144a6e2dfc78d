"""Interviews to hire, end to end: the hiring manager schedules an interview with two
interviewers, both submit scorecards (the second cannot see the first's before submitting),
the candidate takes the data-entry test through the link, an offer is made, approved, sent and
accepted, and the hire is an Employee with the offer's start date."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from backoffice.people.models import Employee
from recruiting.models import Application, Interview, Offer, SkillsTest
from recruiting.services import skills_test as test_services
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RequisitionFactory,
    template_with_criteria,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _as(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


def _score(page, interview, template, value):
    page.goto(f"/recruiting/interviews/{interview.pk}/scorecard/")
    for criterion in template.criteria.all():
        page.locator(f"#r{criterion.pk}-{value}").check()
        if value in (1, 4):
            page.locator(f"#note-{criterion.pk}").fill("Showed it with a worked example.")
    page.get_by_label("Overall recommendation").select_option("yes")
    page.once("dialog", lambda dialog: dialog.accept())  # submit and lock asks first
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted.")).to_be_visible()


def test_interview_scorecards_test_offer_and_hire(page):
    cache.clear()
    EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hr@example.com")
    manager = EmployeeFactory(
        user__roles=["Hiring manager", "Interviewer"], user__email="manager@example.com"
    ).user
    first = EmployeeFactory(
        user__roles=["Interviewer"],
        user__email="ivy@example.com",
        user__first_name="Ivy",
        user__last_name="First",
    ).user
    second = EmployeeFactory(
        user__roles=["Interviewer"],
        user__email="sam@example.com",
        user__first_name="Sam",
        user__last_name="Second",
    ).user
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper", headcount=1)
    template = template_with_criteria(job)
    application = ApplicationFactory(
        requisition=job,
        stage=Application.Stage.INTERVIEW,
        candidate=CandidateFactory(name="Nina Newhire", email="nina@example.net"),
    )
    app_url = f"/recruiting/applications/{application.pk}/"

    # The hiring manager schedules a panel with both interviewers.
    _as(page, "manager@example.com")
    page.goto(app_url)
    page.get_by_role("link", name="Schedule an interview").click()
    page.get_by_label("Kind").select_option("panel")
    starts = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Starts (company time)").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.get_by_label("Location").fill("Utrecht, room 2")
    page.get_by_label("Ivy First").check()
    page.get_by_label("Sam Second").check()
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_text("Interview scheduled")).to_be_visible()
    interview = Interview.objects.get()
    assert set(interview.interviewers.all()) == {first, second}
    # Time passes: the interview took place (scorecards are submitted after it starts).
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )

    # The first interviewer reads the kit and submits a scorecard.
    _as(page, "ivy@example.com")
    page.goto(f"/recruiting/interviews/{interview.pk}/")
    expect(page.get_by_role("heading", name="Data-entry accuracy")).to_be_visible()
    _score(page, interview, template, 4)

    # The second cannot see it before submitting, and sees both afterwards.
    _as(page, "sam@example.com")
    page.goto(app_url)
    expect(page.get_by_test_id("others-hidden")).to_be_visible()
    expect(page.get_by_test_id("scorecard")).to_have_count(0)
    _score(page, interview, template, 3)
    expect(page.get_by_test_id("scorecard")).to_have_count(2)
    expect(page.get_by_test_id("others-hidden")).to_have_count(0)

    # HR sends the data-entry test; the candidate takes it through the link.
    _as(page, "hr@example.com")
    page.goto(app_url)
    page.get_by_role("button", name="Send the test").click()
    expect(page.get_by_text("The data-entry test was emailed")).to_be_visible()
    test = SkillsTest.objects.get()
    page.context.clear_cookies()
    page.goto(f"/recruiting/skills-test/{test_services.token_for(test)}/")
    page.get_by_role("button", name="Start the test").click()
    for index, record in enumerate(test.records):
        for field, _label in test_services.FIELDS[record["kind"]]:
            page.locator(f"#r{index}_{field}").fill(record[field])
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_test_id("done")).to_be_visible()
    test.refresh_from_db()
    assert test.accuracy == 100.0

    # The manager moves the candidate to Offer (both sides assessed: no confirmation needed)
    # and drafts the offer; HR approves it; the manager sends it and records the acceptance the
    # candidate gave by phone.
    _as(page, "manager@example.com")
    page.goto(app_url)
    expect(page.get_by_test_id("skills-test")).to_contain_text("100.0% accurate")
    page.get_by_label("Move to stage").select_option("offer")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_test_id("stage")).to_have_text("Offer")
    page.get_by_role("link", name="Draft an offer").click()
    start = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Yearly salary").fill("42000")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_label("Offer expires on").fill(
        (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Save the draft offer").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Draft")

    _as(page, "hr@example.com")
    page.goto(app_url)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Approved")

    _as(page, "manager@example.com")
    page.goto(app_url)
    page.get_by_role("button", name="Send to the candidate").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Sent")
    page.get_by_role("link", name="Offer letter").click()
    expect(page.get_by_test_id("offer-letter")).to_contain_text("Nina Newhire")
    page.go_back()
    page.get_by_role("button", name="Record acceptance (by phone)").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Accepted")
    expect(page.get_by_test_id("stage")).to_have_text("Hired")

    employee = Employee.objects.get(user__email="nina@example.net")
    assert employee.start_date == start
    assert employee.status == Employee.Status.PRE_START
    assert Offer.objects.get().employee == employee
    assert page.console_errors == []
