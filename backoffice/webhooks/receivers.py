"""The webhooks' subscription to the domain events, by name only (the outbox's seam).

One handler per event name; the outbox runs it after the change commits and retries it if it
fails. It is idempotent for the event's key: a second run makes no second event or delivery.
"""

from __future__ import annotations

from backoffice.notifications.events import event_handler
from backoffice.webhooks.catalog import OUTBOX_EVENTS
from backoffice.webhooks.services import webhook_event_record


def _handler_for(event_type: str):
    def record(payload: dict, event) -> None:
        webhook_event_record(
            key=event.key, event_type=event_type, data=payload, created_at=event.created_at
        )

    return record


for _name, _type in OUTBOX_EVENTS.items():
    event_handler(_name, handler_id="webhooks.deliveries", with_event=True)(
        _handler_for(_type.value)
    )
