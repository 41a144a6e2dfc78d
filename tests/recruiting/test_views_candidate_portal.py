"""The candidate's pages through their signed links: the status page (with .ics downloads)
and the offer page (sign or decline), and the signed PDF for HR and the hiring manager."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from backoffice.notifications.models import OutboxMessage
from backoffice.people.models import Employee
from recruiting.models import Application, Offer, OfferSignature
from recruiting.services import (
    application_note_add,
    application_reject,
    candidate_links,
    retention,
)
from recruiting.services import offers as offer_services
from recruiting.services import skills_test as skills_test_services
from tests.factories.recruiting import ApplicationFactory, InterviewFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _status_path(application) -> str:
    return reverse("careers:status", args=[candidate_links.status_token(application)])


def test_every_candidate_email_carries_the_status_link(
    application, hr_user, django_capture_on_commit_callbacks
):
    from recruiting.services.emails import application_received_email

    application_received_email(application=application)
    skills_test_services.skills_test_send(application=application, by=hr_user)
    rows = OutboxMessage.objects.filter(to=[application.candidate.email])
    assert rows.count() == 2
    for row in rows:
        [token] = re.findall(r"/careers/status/([^/\s]+)/", row.body_text)
        assert f"/careers/status/{token}/" in row.body_html
        assert candidate_links.application_for_status_token(token) == application


def test_the_status_page_says_where_it_stands_and_nothing_internal(
    client, application, hr_user, reason
):
    other = ApplicationFactory(requisition=application.requisition, candidate__name="Zed Other")
    application_note_add(application=application, author=hr_user, body="Secret note about salary")
    # The withdraw link is signed with the time: the page's and the test's in the same second.
    with time_machine.travel(timezone.now(), tick=False):
        response = client.get(_status_path(application))
        withdraw = reverse("careers:withdraw", args=[retention.withdraw_token(application)])
    page = response.content.decode()
    assert response.status_code == 200
    assert "Where it stands: Received" in page
    assert application.requisition.title in page
    assert "Secret note" not in page
    assert other.candidate.name not in page
    assert withdraw in page
    assert "no-store" in response["Cache-Control"]
    # The link is the credential: never sent to other sites in a Referer header.
    assert response["Referrer-Policy"] == "same-origin"

    application_reject(application=application, by=hr_user, reason=reason, note="Weak typing")
    page = client.get(_status_path(application)).content.decode()
    assert "Where it stands: Closed" in page
    assert reason.name not in page
    assert "Weak typing" not in page


def test_the_status_page_lists_interviews_with_an_ics_and_the_open_test(
    client, application, hr_user, interviewer
):
    Application.objects.filter(pk=application.pk).update(stage="interview")
    application.refresh_from_db()
    interview = InterviewFactory(application=application, interviewers=[interviewer])
    cancelled = InterviewFactory(
        application=application, interviewers=[interviewer], cancelled_at=timezone.now()
    )
    someone_elses = InterviewFactory(interviewers=[interviewer])
    test = skills_test_services.skills_test_send(application=application, by=hr_user)
    token = candidate_links.status_token(application)
    page = client.get(_status_path(application)).content.decode()
    assert "Test to take" in page
    assert (
        reverse("recruiting:skills_test_take", args=[skills_test_services.token_for(test)]) in page
    )
    ics_path = reverse("careers:status_interview_ics", args=[token, interview.pk])
    assert ics_path in page
    response = client.get(ics_path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == f"{interview.uid}@backoffice"
    assert str(event["ATTENDEE"]) == f"mailto:{application.candidate.email}"
    assert "kit" not in str(event["DESCRIPTION"]).lower()
    for pk in (cancelled.pk, someone_elses.pk):
        assert (
            client.get(reverse("careers:status_interview_ics", args=[token, pk])).status_code == 404
        )


def test_a_forged_status_link_shows_nothing(client, application):
    token = candidate_links.status_token(application)
    for bad in (
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        retention.withdraw_token(application),
    ):
        response = client.get(reverse("careers:status", args=[bad]))
        assert response.status_code == 404
        assert application.candidate.name not in response.content.decode()
    assert client.post(_status_path(application)).status_code == 405


# --- The offer page -------------------------------------------------------------------------


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


def _offer_path(offer) -> str:
    return reverse("careers:offer", args=[candidate_links.offer_token(offer)])


def _state(offer):
    offer.refresh_from_db()
    return offer.status, OfferSignature.objects.count(), Employee.objects.count()


def test_the_candidate_reads_signs_and_is_hired(
    client, sent_offer, django_capture_on_commit_callbacks
):
    path = _offer_path(sent_offer)
    page = client.get(path)
    assert page.status_code == 200
    assert "Dear Olga Berg" in page.content.decode()
    assert "I accept this offer" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path,
            {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"},
            HTTP_USER_AGENT="Mozilla/5.0 Test",
            REMOTE_ADDR="198.51.100.4",
        )
    assert response.status_code == 302
    sent_offer.refresh_from_db()
    assert sent_offer.status == Offer.Status.ACCEPTED
    signature = sent_offer.signature
    assert (signature.typed_name, signature.ip_address, signature.user_agent) == (
        "Olga Berg",
        "198.51.100.4",
        "Mozilla/5.0 Test",
    )
    assert Employee.objects.filter(user__email="olga@example.net").exists()
    after = client.get(path).content.decode()
    assert "You accepted this offer" in after
    pdf = client.get(reverse("careers:offer_pdf", args=[candidate_links.offer_token(sent_offer)]))
    assert "Electronic signature" in PdfReader(io.BytesIO(pdf.content)).pages[-1].extract_text()


def test_a_reused_link_says_so_and_changes_nothing(client, sent_offer):
    path = _offer_path(sent_offer)
    client.post(path, {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"})
    before = _state(sent_offer)
    response = client.post(path, {"action": "decline", "reason": "oops"})
    assert response.status_code == 410
    assert "You accepted this offer" in response.content.decode()
    assert _state(sent_offer) == before


def test_a_wrong_name_or_no_tick_is_refused_plainly(client, sent_offer):
    path = _offer_path(sent_offer)
    before = _state(sent_offer)
    response = client.post(path, {"action": "accept", "typed_name": "Someone", "accept": "yes"})
    assert response.status_code == 400
    assert "Type your full name" in response.content.decode()
    response = client.post(path, {"action": "accept", "typed_name": "Olga Berg"})
    assert response.status_code == 400
    assert _state(sent_offer) == before


def test_declining_through_the_page_records_the_reason(client, sent_offer):
    response = client.post(
        _offer_path(sent_offer), {"action": "decline", "reason": "Relocating abroad"}
    )
    assert response.status_code == 302
    sent_offer.refresh_from_db()
    assert sent_offer.status == Offer.Status.DECLINED
    assert sent_offer.decline_reason == "Relocating abroad"
    assert "already declined" in client.get(_offer_path(sent_offer)).content.decode()


def test_tampered_expired_and_withdrawn_links_say_so_and_change_nothing(
    client, sent_offer, hiring_manager
):
    path = _offer_path(sent_offer)
    before = _state(sent_offer)
    tampered = path.rstrip("/")[:-1] + "Z/"
    response = client.post(
        tampered, {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"}
    )
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert "Dear Olga" not in response.content.decode()
    assert _state(sent_offer) == before

    with time_machine.travel(timezone.now() + datetime.timedelta(days=9)):
        response = client.post(
            path, {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"}
        )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert _state(sent_offer) == before

    offer_services.offer_transition(offer=sent_offer, to_status="withdrawn", by=hiring_manager)
    before = _state(sent_offer)
    response = client.post(path, {"action": "decline"})
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert _state(sent_offer) == before


# --- The signed PDF for staff ---------------------------------------------------------------


def test_the_signed_pdf_is_for_hr_and_the_hiring_manager_only(
    client_for, client, sent_offer, hr_user, hiring_manager, other_hiring_manager, interviewer
):
    client.post(
        _offer_path(sent_offer), {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"}
    )
    client.logout()
    url = reverse("recruiting:offer_signed_pdf", args=[sent_offer.pk])
    for user in (hr_user, hiring_manager):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        text = PdfReader(io.BytesIO(response.content)).pages[-1].extract_text()
        assert "Olga Berg" in text
        client.logout()
    assert client_for(other_hiring_manager).get(url).status_code == 404
    client.logout()
    assert client_for(interviewer).get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    # An offer without a signature has no signed PDF.
    unsigned = OfferFactory(application__requisition=sent_offer.application.requisition)
    assert (
        client_for(hr_user)
        .get(reverse("recruiting:offer_signed_pdf", args=[unsigned.pk]))
        .status_code
        == 404
    )


def test_a_phone_answer_is_recorded_from_the_application_page(
    client_for, sent_offer, hiring_manager
):
    response = client_for(hiring_manager).post(
        reverse("recruiting:offer_transition", args=[sent_offer.pk]),
        {"to_status": "declined", "decline_reason": "Said no on the phone"},
    )
    assert response.status_code == 302
    sent_offer.refresh_from_db()
    assert sent_offer.response_channel == Offer.ResponseChannel.PHONE
    assert sent_offer.response_recorded_by == hiring_manager
    page = client_for(hiring_manager).get(
        reverse("recruiting:application_detail", args=[sent_offer.application_id])
    )
    assert "by phone, recorded by" in page.content.decode()
    assert "Said no on the phone" in page.content.decode()
