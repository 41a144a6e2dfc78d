"""Offer services: the transition table, the hire on acceptance, headcount, expiry."""

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone

from backoffice.people.models import Employee, User
from recruiting.models import (
    Application,
    Offer,
    Requisition,
)
from recruiting.services import offers as offer_services
from tests.factories.recruiting import ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(requisition):
    application = ApplicationFactory(
        requisition=requisition,
        stage=Application.Stage.OFFER,
        candidate__name="Olga Berg",
        candidate__email="olga@example.net",
    )
    return OfferFactory(application=application)


def test_offer_steps_and_who_may_take_them(offer, hiring_manager, hr_user):
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_transition(offer=offer, to_status="approved", by=hiring_manager)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer = offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    assert offer.status == Offer.Status.SENT
    assert offer.sent_at
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_transition(offer=offer, to_status="draft", by=hr_user)


def test_accepting_hires_in_one_go_and_twice_does_nothing_more(
    offer, hiring_manager, hr_user, django_capture_on_commit_callbacks
):
    from onboarding.models import OnboardingPlan
    from performance.models import ProbationCheckIn

    requisition = offer.application.requisition
    other = ApplicationFactory(requisition=requisition, stage=Application.Stage.INTERVIEW)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_services.offer_transition(
            offer=offer, to_status="accepted", by=hiring_manager
        )
    employee = Employee.objects.get(user__email="olga@example.net")
    assert offer.employee == employee
    assert employee.status == Employee.Status.PRE_START
    assert employee.start_date == offer.start_date
    assert employee.department == requisition.department
    assert employee.manager == Employee.objects.get(user=hiring_manager)
    assert not employee.user.has_usable_password()
    offer.application.refresh_from_db()
    assert offer.application.stage == Application.Stage.HIRED
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.FILLED
    other.refresh_from_db()
    assert other.stage == Application.Stage.REJECTED
    assert other.rejection_reason.name == offer_services.FILLED_REASON
    welcome = [m for m in mail.outbox if m.to == ["olga@example.net"]]
    assert len(welcome) == 1
    # The invitation is Django's password-reset link, valid for the new user.
    link = re.search(r"/accounts/[^\s]*/(?P<uid>[^/\s]+)/(?P<token>[^/\s]+)/", welcome[0].body)
    assert link is not None
    assert default_token_generator.check_token(employee.user, link["token"])
    assert OnboardingPlan.objects.filter(employee=employee).exists()
    assert ProbationCheckIn.objects.filter(employee=employee).count() == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = offer_services.offer_transition(
            offer=offer, to_status="accepted", by=hiring_manager
        )
    assert again.employee == employee
    assert Employee.objects.filter(user__email="olga@example.net").count() == 1
    assert User.objects.filter(email="olga@example.net").count() == 1
    assert mail.outbox == []


def test_requisition_stays_open_until_headcount_is_reached(offer, hiring_manager, hr_user):
    requisition = offer.application.requisition
    Requisition.objects.filter(pk=requisition.pk).update(headcount=2)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    offer_services.offer_transition(offer=offer, to_status="accepted", by=hiring_manager)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN


def test_sent_offers_expire_after_their_date(offer, hiring_manager, hr_user):
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    later = timezone.now() + datetime.timedelta(days=8)
    assert offer_services.offers_expire_due(now=later) == 1
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert offer_services.offers_expire_due(now=later) == 0


def test_an_offer_needs_the_offer_stage(application, hiring_manager):
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_create(
            application=application,
            by=hiring_manager,
            salary=1000,
            start_date=timezone.localdate(),
            expires_on=timezone.localdate(),
        )
    assert not Offer.objects.exists()
