"""Recruiting's durable events for other systems (webhooks): written in the transaction of the
change, with a key naming the change, so a retried or doubled change writes each once.

Payloads carry ids, stages and dates only: never a candidate's name, email or free text.
"""

from __future__ import annotations

from backoffice.notifications.services import outbox_event
from recruiting.models.candidates import Application, StageEvent
from recruiting.models.offers import Offer


def application_created_event(*, application: Application) -> None:
    outbox_event(
        key=f"recruiting.application_created:{application.pk}",
        name="application_created",
        payload={
            "application_id": application.pk,
            "requisition_id": application.requisition_id,
            "candidate_id": application.candidate_id,
            "stage": application.stage,
            "source": application.source,
            "applied_at": application.applied_at,
        },
    )


def stage_changed_event(*, event: StageEvent) -> None:
    application = event.application
    outbox_event(
        key=f"recruiting.application_stage_changed:{event.pk}",
        name="application_stage_changed",
        payload={
            "application_id": application.pk,
            "requisition_id": application.requisition_id,
            "candidate_id": application.candidate_id,
            "from_stage": event.from_stage,
            "to_stage": event.to_stage,
            "changed_at": event.at,
            "changed_by_user_id": event.by_id,
        },
    )


def offer_accepted_event(*, offer: Offer) -> None:
    outbox_event(
        key=f"recruiting.offer_accepted:{offer.pk}",
        name="offer_accepted",
        payload={
            "offer_id": offer.pk,
            "application_id": offer.application_id,
            "employee_id": offer.employee_id,
            "start_date": offer.start_date,
            "employment_type": offer.employment_type,
        },
    )
