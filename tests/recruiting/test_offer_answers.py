"""The candidate's answer through their signed link: the signature, the hire, a decline, and
links that are tampered with, expired, reused or withdrawn (each changes nothing)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from backoffice.notifications.models import OutboxMessage
from backoffice.notifications.services.outbox import outbox_relay_due
from backoffice.people.models import Employee
from recruiting.models import Application, Offer, OfferSignature, Requisition
from recruiting.services import candidate_links, offer_answers, offer_letters
from recruiting.services import offers as offer_services
from tests.factories.recruiting import ApplicationFactory, OfferFactory
from tests.recruiting.helpers import linked_application, linked_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_offer(requisition, hr_user, hiring_manager):
    application = ApplicationFactory(
        requisition=requisition,
        stage=Application.Stage.OFFER,
        candidate__name="Olga Berg",
        candidate__email="olga@example.net",
    )
    offer = OfferFactory(application=application)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    return offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)


def _accept(token, *, name="Olga Berg", accepted=True, **extra):
    return offer_answers.offer_accept_by_candidate(
        token=token,
        typed_name=name,
        accepted=accepted,
        ip_address=extra.get("ip", "203.0.113.9"),
        user_agent=extra.get("ua", "Mozilla/5.0 (X11) Firefox/140"),
        now=extra.get("now"),
    )


def _snapshot(offer: Offer):
    offer.refresh_from_db()
    return (
        offer.status,
        offer.responded_at,
        OfferSignature.objects.count(),
        Employee.objects.count(),
        OutboxMessage.objects.count(),
        Application.objects.get(pk=offer.application_id).stage,
    )


def test_sending_writes_the_candidates_email_with_letter_pdf_and_link(sent_offer):
    row = OutboxMessage.objects.get(key=f"recruiting.offer_sent:{sent_offer.pk}")
    assert row.to == ["olga@example.net"]
    assert linked_offer(row.body_text) == sent_offer
    assert linked_offer(row.body_html) == sent_offer
    assert linked_application(row.body_text) == sent_offer.application
    assert "Dear Olga Berg" in row.body_html  # the letter itself, in the email
    [attachment] = row.attachments
    assert attachment["mimetype"] == "application/pdf"
    outbox_relay_due(seconds=5)
    [email] = [m for m in mail.outbox if m.to == ["olga@example.net"]]
    pdf = email.attachments[0][1]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Dear Olga Berg" in text
    assert email.alternatives[0][1] == "text/html"


def test_signing_stores_the_signature_and_hires_in_one_go(
    sent_offer, django_capture_on_commit_callbacks
):
    from onboarding.models import OnboardingPlan

    token = candidate_links.offer_token(sent_offer)
    with django_capture_on_commit_callbacks(execute=True):
        offer = _accept(token, name="  olga   berg ")
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.response_channel == Offer.ResponseChannel.CANDIDATE
    assert offer.response_recorded_by is None
    signature = OfferSignature.objects.get(offer=offer)
    assert signature.typed_name == "olga berg"
    assert signature.ip_address == "203.0.113.9"
    assert "Firefox" in signature.user_agent
    assert signature.letter_sha256 == offer_letters.letter_sha256(offer.letter_html)
    employee = Employee.objects.get(user__email="olga@example.net")
    assert offer.employee == employee
    assert OnboardingPlan.objects.filter(employee=employee).exists()
    assert Application.objects.get(pk=offer.application_id).stage == Application.Stage.HIRED
    assert Requisition.objects.get(pk=offer.application.requisition_id).status == "filled"
    assert OutboxMessage.objects.filter(key=f"recruiting.welcome:{employee.pk}").exists()
    # The signature is evidence: it cannot be saved again.
    signature.typed_name = "Someone else"
    with pytest.raises(ValidationError):
        signature.save()


def test_the_signed_pdf_ends_with_the_signature_page(sent_offer):
    offer = _accept(candidate_links.offer_token(sent_offer))
    pdf = offer_letters.offer_letter_pdf(offer, signature=offer.signature)
    pages = PdfReader(io.BytesIO(pdf)).pages
    last = pages[-1].extract_text()
    assert len(pages) >= 2
    assert "Electronic signature" in last
    assert "Olga Berg" in last
    assert "203.0.113.9" in last
    assert offer.letter_sha256 in last.replace("\n", "")


def test_the_name_must_match_and_the_box_be_ticked(sent_offer):
    token = candidate_links.offer_token(sent_offer)
    before = _snapshot(sent_offer)
    with pytest.raises(offer_answers.OfferLinkRefused, match="full name"):
        _accept(token, name="Olga")
    with pytest.raises(offer_answers.OfferLinkRefused, match="Tick"):
        _accept(token, accepted=False)
    assert _snapshot(sent_offer) == before


def test_a_tampered_link_changes_nothing(sent_offer):
    token = candidate_links.offer_token(sent_offer)
    before = _snapshot(sent_offer)
    forged = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        signing.dumps({"offer": sent_offer.pk, "letter": sent_offer.letter_sha256[:16]}),
        signing.dumps(
            {"offer": sent_offer.pk, "letter": sent_offer.letter_sha256[:16]},
            salt=candidate_links.STATUS_SALT,
        ),
        signing.dumps(
            {"offer": sent_offer.pk, "letter": "0" * 16}, salt=candidate_links.OFFER_SALT
        ),
        candidate_links.status_token(sent_offer.application),
    ]
    for bad in forged:
        with pytest.raises(offer_answers.OfferLinkRefused, match="not valid"):
            _accept(bad)
        with pytest.raises(offer_answers.OfferLinkRefused, match="not valid"):
            offer_answers.offer_decline_by_candidate(token=bad, reason="x")
    assert _snapshot(sent_offer) == before


def test_an_expired_offer_link_changes_nothing(sent_offer):
    token = candidate_links.offer_token(sent_offer)
    before = _snapshot(sent_offer)
    later = timezone.now() + datetime.timedelta(days=8)  # the offer expires after 7 days
    with pytest.raises(offer_answers.OfferLinkRefused, match="expired"):
        _accept(token, now=later)
    with pytest.raises(offer_answers.OfferLinkRefused, match="expired"):
        offer_answers.offer_decline_by_candidate(token=token, now=later)
    assert _snapshot(sent_offer) == before
    offer_services.offers_expire_due(now=later)
    with pytest.raises(offer_answers.OfferLinkRefused, match="expired"):
        _accept(token)


def test_a_reused_link_changes_nothing(sent_offer):
    token = candidate_links.offer_token(sent_offer)
    _accept(token)
    before = _snapshot(sent_offer)
    with pytest.raises(offer_answers.OfferLinkRefused, match="already accepted"):
        _accept(token)
    with pytest.raises(offer_answers.OfferLinkRefused, match="already accepted"):
        offer_answers.offer_decline_by_candidate(token=token, reason="changed my mind")
    assert _snapshot(sent_offer) == before
    assert OfferSignature.objects.filter(offer=sent_offer).count() == 1


def test_a_withdrawn_offer_link_changes_nothing(sent_offer, hiring_manager):
    token = candidate_links.offer_token(sent_offer)
    offer_services.offer_transition(offer=sent_offer, to_status="withdrawn", by=hiring_manager)
    before = _snapshot(sent_offer)
    with pytest.raises(offer_answers.OfferLinkRefused, match="withdrawn"):
        _accept(token)
    with pytest.raises(offer_answers.OfferLinkRefused, match="withdrawn"):
        offer_answers.offer_decline_by_candidate(token=token)
    assert _snapshot(sent_offer) == before


def test_a_link_to_a_closed_application_changes_nothing(sent_offer, hiring_manager, reason):
    from recruiting.services import application_reject

    token = candidate_links.offer_token(sent_offer)
    application_reject(application=sent_offer.application, by=hiring_manager, reason=reason)
    before = _snapshot(sent_offer)
    with pytest.raises(offer_answers.OfferLinkRefused, match="application is closed"):
        _accept(token)
    assert _snapshot(sent_offer) == before


def test_declining_records_the_reason_and_tells_the_manager_and_hr(
    sent_offer, hiring_manager, hr_user
):
    token = candidate_links.offer_token(sent_offer)
    offer = offer_answers.offer_decline_by_candidate(
        token=token, reason="  I took another job closer to home. "
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.decline_reason == "I took another job closer to home."
    assert offer.response_channel == Offer.ResponseChannel.CANDIDATE
    row = OutboxMessage.objects.get(key=f"recruiting.offer_declined:{offer.pk}")
    assert set(row.to) == {hiring_manager.email, hr_user.email}
    assert "I took another job closer to home." in row.body_text
    assert "through their offer link" in row.body_text
    assert not OfferSignature.objects.exists()


def test_a_phone_answer_is_logged_with_who_recorded_it(sent_offer, hiring_manager):
    offer = offer_services.offer_transition(
        offer=sent_offer, to_status="declined", by=hiring_manager, decline_reason="Salary"
    )
    offer.refresh_from_db()
    assert offer.response_channel == Offer.ResponseChannel.PHONE
    assert offer.response_recorded_by == hiring_manager
    assert offer.decline_reason == "Salary"
    row = OutboxMessage.objects.get(key=f"recruiting.offer_declined:{offer.pk}")
    assert "by phone" in row.body_text
    assert str(hiring_manager) in row.body_text
    # The link no longer takes an answer.
    with pytest.raises(offer_answers.OfferLinkRefused, match="already declined"):
        _accept(candidate_links.offer_token(offer))


def test_a_failed_hire_leaves_no_signature(sent_offer, hr_user):
    from tests.factories.people import EmployeeFactory

    EmployeeFactory(user__email="olga@example.net")  # already an employee: the hire refuses
    token = candidate_links.offer_token(sent_offer)
    before = _snapshot(sent_offer)
    with pytest.raises(offer_services.OfferRefused), transaction.atomic():
        _accept(token)
    assert _snapshot(sent_offer) == before
