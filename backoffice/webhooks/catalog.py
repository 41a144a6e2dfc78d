"""The events a webhook endpoint can subscribe to, by the outbox event that carries each.

The domain apps write these outbox events in the transactions of their changes; this shared
app only knows their names (it never imports a domain app). Each payload carries ids, states
and dates, never a person's name, email or free text: a receiver that needs more asks the API,
and an anonymised candidate leaves nothing behind in webhook rows.
"""

from __future__ import annotations

from django.db import models


class EventType(models.TextChoices):
    APPLICATION_CREATED = "application.created", "Application created"
    APPLICATION_STAGE_CHANGED = "application.stage_changed", "Application stage changed"
    OFFER_ACCEPTED = "offer.accepted", "Offer accepted"
    EMPLOYEE_HIRED = "employee.hired", "Employee hired"
    EMPLOYEE_LEFT = "employee.left", "Employee left"
    REVIEW_CYCLE_CLOSED = "review_cycle.closed", "Review cycle closed"


# outbox event name → the type a receiver sees
OUTBOX_EVENTS: dict[str, EventType] = {
    "application_created": EventType.APPLICATION_CREATED,
    "application_stage_changed": EventType.APPLICATION_STAGE_CHANGED,
    "offer_accepted": EventType.OFFER_ACCEPTED,
    "employee_hired": EventType.EMPLOYEE_HIRED,
    "employee_left": EventType.EMPLOYEE_LEFT,
    "review_cycle_closed": EventType.REVIEW_CYCLE_CLOSED,
}
