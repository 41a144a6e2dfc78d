"""Offer pages: draft, approve, send and accept through the page; one live offer at a time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.people.models import Employee
from recruiting.models import Application, Offer
from tests.factories.recruiting import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_offer_draft_approve_send_accept_through_the_page(
    client_for, requisition, hiring_manager, hr_user, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(requisition=requisition, stage=Application.Stage.OFFER)
    start = timezone.localdate() + datetime.timedelta(days=20)
    manager = client_for(hiring_manager)
    response = manager.post(
        reverse("recruiting:offer_create", args=[application.pk]),
        {
            "salary": "41000",
            "start_date": start.isoformat(),
            "employment_type": "full_time",
            "expires_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    url = reverse("recruiting:offer_transition", args=[offer.pk])
    assert manager.post(url, {"to_status": "approved"}).status_code == 403
    hr = client_for(hr_user)
    hr.post(url, {"to_status": "approved"})
    hr.post(url, {"to_status": "sent"})
    letter = hr.get(reverse("recruiting:offer_letter", args=[offer.pk])).content.decode()
    assert "41,000" in letter or "41000" in letter
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(url, {"to_status": "accepted"})
    employee = Employee.objects.get(user__email=application.candidate.email)
    assert employee.start_date == start


def test_no_second_offer_button_while_an_offer_is_live(client_for, requisition, hiring_manager):
    from tests.factories.recruiting import OfferFactory

    offer = OfferFactory(application__requisition=requisition)
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:application_detail", args=[offer.application_id]))
        .content.decode()
    )
    assert 'data-testid="offer"' in html
    assert reverse("recruiting:offer_create", args=[offer.application_id]) not in html
