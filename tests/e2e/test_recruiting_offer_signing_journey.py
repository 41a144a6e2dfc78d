"""The offer signed online, end to end: HR approves the offer, the hiring manager sends it, the
candidate opens the link from their email, reads the letter, signs by typing their name, and
is hired (employee, account, onboarding plan); the signed PDF with its signature page is
downloadable by HR and the hiring manager, and by nobody else."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from backoffice.notifications.models import OutboxMessage
from backoffice.people.models import Employee, User
from recruiting.models import Application, Offer, OfferSignature
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    OfferFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _as(page, email):
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)


def _pdf_pages(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages]


def test_the_candidate_signs_the_offer_online_and_is_hired(page):
    from onboarding.models import OnboardingPlan

    cache.clear()
    EmployeeFactory(user__roles=["HR"], user__is_staff=True, user__email="hr@example.com")
    manager = EmployeeFactory(
        user__roles=["Hiring manager", "Interviewer"],
        user__email="manager@example.com",
        user__first_name="Mia",
        user__last_name="Manager",
    ).user
    EmployeeFactory(user__roles=["Hiring manager"], user__email="other@example.com")
    EmployeeFactory(user__roles=["Interviewer"], user__email="ivy@example.com")
    job = RequisitionFactory(hiring_manager=manager, title="Bookkeeper", headcount=1)
    application = ApplicationFactory(
        requisition=job,
        stage=Application.Stage.OFFER,
        candidate=CandidateFactory(name="Nina Newhire", email="nina@example.net"),
    )
    start = timezone.localdate() + datetime.timedelta(days=30)
    offer = OfferFactory(
        application=application, salary=42000, start_date=start, created_by=manager
    )
    app_url = f"/recruiting/applications/{application.pk}/"

    # HR approves; the hiring manager sends it to the candidate.
    _as(page, "hr@example.com")
    page.goto(app_url)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Approved")
    _as(page, "manager@example.com")
    page.goto(app_url)
    page.get_by_role("button", name="Send to the candidate").click()
    expect(page.get_by_test_id("offer-status")).to_have_text("Sent")

    # The candidate opens the link in the email they were sent (no account, no cookies).
    email = OutboxMessage.objects.get(key=f"recruiting.offer_sent:{offer.pk}")
    assert email.to == ["nina@example.net"]
    assert email.attachments[0]["mimetype"] == "application/pdf"
    link = re.search(r"https?://\S+?(/careers/offer/[^/\s]+/)", email.body_text).group(1)
    page.context.clear_cookies()
    page.goto(link)
    letter = page.get_by_test_id("offer-letter")
    expect(letter).to_contain_text("Dear Nina Newhire")
    expect(letter).to_contain_text("EUR 42,000")
    expect(letter).to_contain_text("Bookkeeper")
    page.get_by_label("Your full name").fill("Nina Newhire")
    page.get_by_label("I accept this offer").check()
    page.get_by_role("button", name="Sign and accept").click()
    expect(page.get_by_test_id("offer-problem")).to_contain_text("You accepted this offer")

    # The hire happened: employee, account (no password yet), onboarding plan.
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.response_channel == Offer.ResponseChannel.CANDIDATE
    signature = OfferSignature.objects.get(offer=offer)
    assert signature.typed_name == "Nina Newhire"
    assert signature.letter_sha256 == offer.letter_sha256
    assert signature.ip_address == "127.0.0.1"
    assert "Chrome" in signature.user_agent
    employee = Employee.objects.get(user__email="nina@example.net")
    assert employee.start_date == start
    assert not User.objects.get(email="nina@example.net").has_usable_password()
    assert OnboardingPlan.objects.filter(employee=employee).exists()
    assert Application.objects.get(pk=application.pk).stage == Application.Stage.HIRED
    assert OutboxMessage.objects.filter(key=f"recruiting.welcome:{employee.pk}").exists()

    # The signed PDF, with its signature page, for HR and the hiring manager only.
    pdf_url = f"/recruiting/offers/{offer.pk}/signed.pdf"
    for who in ("hr@example.com", "manager@example.com"):
        _as(page, who)
        page.goto(app_url)
        expect(page.get_by_test_id("offer-answer")).to_contain_text("signed as “Nina Newhire”")
        with page.expect_download() as download_info:
            page.get_by_test_id("signed-pdf-link").click()
        assert download_info.value.suggested_filename == f"signed-offer-{offer.pk}.pdf"
        response = page.request.get(pdf_url)
        assert response.status == 200
        pages = _pdf_pages(response)
        assert "Dear Nina Newhire" in pages[0]
        assert "Electronic signature" in pages[-1]
        assert "Nina Newhire" in pages[-1]
        assert offer.letter_sha256 in pages[-1].replace("\n", "")
    for who, status in (("other@example.com", 404), ("ivy@example.com", 403)):
        _as(page, who)
        assert page.request.get(pdf_url).status == status
    page.context.clear_cookies()
    response = page.request.get(pdf_url, max_redirects=0)
    assert response.status == 302
    assert page.console_errors == []
