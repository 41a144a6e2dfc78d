"""Each owning service writes its event to the outbox in its own transaction, once per change,
with ids and states only; the webhooks app turns it into signed deliveries."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice.notifications.models import OutboxEvent
from backoffice.notifications.services.outbox import outbox_events_process
from backoffice.people.models import LeavingReason
from backoffice.people.services import leavers_access_end_due, leaving_record
from backoffice.webhooks.models import WebhookDelivery
from performance.services.cycles import review_cycle_close
from recruiting import services as recruiting_services
from recruiting.models import Application
from recruiting.services import offers as offer_services
from tests.factories.people import EmployeeFactory
from tests.factories.performance import ReviewFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    OfferFactory,
    RequisitionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db
HANDLER = "webhooks.deliveries"
PERSONAL = ("Jane Doe", "jane@example.net")


def _webhook_rows(name: str) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(name=name, handler=HANDLER))


def _no_personal_text(payload: dict) -> None:
    text = json.dumps(payload, default=str)
    assert not any(word in text for word in PERSONAL), text


def test_applying_writes_application_created(endpoint, receiver):
    requisition = RequisitionFactory()
    application = recruiting_services.application_submit(
        requisition=requisition,
        name="Jane Doe",
        email="jane@example.net",
        resume=recruiting_services.ResumeUpload(
            file=SimpleUploadedFile("cv.pdf", pdf_bytes()),
            filename="cv.pdf",
            content_type="application/pdf",
        ),
        notify_candidate=False,
    )
    [row] = _webhook_rows("application_created")
    assert row.key == f"recruiting.application_created:{application.pk}"
    assert row.payload["application_id"] == application.pk
    assert row.payload["requisition_id"] == requisition.pk
    _no_personal_text(row.payload)

    # What the relay does after commit: the receiver gets it, signed.
    outbox_events_process(key=row.key, seconds=10)
    delivery = WebhookDelivery.objects.get()
    from backoffice.webhooks.services import webhook_delivery_send

    webhook_delivery_send(delivery_id=delivery.pk)
    [request] = receiver.requests
    assert request.document["type"] == "application.created"
    assert request.document["data"]["application_id"] == application.pk
    assert request.signed_by(endpoint.secret)


def test_each_move_writes_one_stage_changed(hiring_manager):
    application = ApplicationFactory(stage=Application.Stage.APPLIED)
    recruiting_services.application_move(
        application=application, to_stage=Application.Stage.SCREENING, by=hiring_manager
    )
    recruiting_services.application_move(
        application=application, to_stage=Application.Stage.INTERVIEW, by=hiring_manager
    )
    rows = sorted(_webhook_rows("application_stage_changed"), key=lambda row: row.pk)
    assert [(row.payload["from_stage"], row.payload["to_stage"]) for row in rows] == [
        ("applied", "screening"),
        ("screening", "interview"),
    ]
    assert len({row.key for row in rows}) == 2
    assert rows[0].payload["changed_by_user_id"] == hiring_manager.pk


def test_accepting_an_offer_writes_offer_accepted_and_the_hire(hr_user, hiring_manager):
    application = ApplicationFactory(
        requisition=RequisitionFactory(hiring_manager=hiring_manager),
        stage=Application.Stage.OFFER,
        candidate__name="Jane Doe",
    )
    offer = OfferFactory(application=application)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    offer = offer_services.offer_transition(offer=offer, to_status="accepted", by=hiring_manager)
    # Accepting twice changes nothing and writes nothing more.
    offer_services.offer_transition(offer=offer, to_status="accepted", by=hiring_manager)
    [accepted] = _webhook_rows("offer_accepted")
    assert accepted.payload["offer_id"] == offer.pk
    assert accepted.payload["employee_id"] == offer.employee_id
    _no_personal_text(accepted.payload)
    [hired] = _webhook_rows("employee_hired")
    assert hired.payload["employee_id"] == offer.employee_id
    moves = [row.payload["to_stage"] for row in _webhook_rows("application_stage_changed")]
    assert moves == ["hired"]


def test_closing_a_review_cycle_writes_review_cycle_closed(hr_user):
    cycle = ReviewFactory().cycle
    review_cycle_close(cycle=cycle, by=hr_user)
    [row] = _webhook_rows("review_cycle_closed")
    assert row.key == f"performance.review_cycle_closed:{cycle.pk}"
    assert row.payload["cycle_id"] == cycle.pk
    assert row.payload["closed_by_user_id"] == hr_user.pk


def test_a_leaver_whose_access_ends_writes_employee_left(hr_user):
    employee = EmployeeFactory()
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    leaving_record(
        employee=employee,
        last_day=last_day,
        is_voluntary=True,
        reason=LeavingReason.objects.get(name="Relocation"),
        by=hr_user,
    )
    assert _webhook_rows("employee_left") == []  # recorded, not gone yet
    leavers_access_end_due(today=last_day + datetime.timedelta(days=1))
    leavers_access_end_due(today=last_day + datetime.timedelta(days=2))
    [row] = _webhook_rows("employee_left")
    assert row.payload["employee_id"] == employee.pk
    assert row.payload["last_day"] == last_day.isoformat()
