"""Domain events delivered through the outbox: who handles which event.

A domain app registers its handlers when it starts (from its AppConfig.ready()), as it
registers its reminder kinds; the core never imports a domain app:

    @event_handler("employee_hired")
    def onboarding_plan_for_hire(payload: dict) -> None:
        ...

The sender calls `outbox_event(key=..., name="employee_hired", payload={...})` inside the
transaction of its change. Each handler gets its own outbox row and is retried on its own, so
a handler must be idempotent for its event key (it may run again after a crash) and takes
only JSON (ids, not model instances).

A handler registered with `with_event=True` is called as `handle(payload, event)`, where
`event` is the outbox row (its `key`, `name` and `created_at`): the webhooks app uses the key
as the event's identity, so that a replay or a second run keeps one event id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Handler = Callable[..., None]


@dataclass(frozen=True)
class EventHandler:
    name: str  # the event
    handler_id: str  # stored on the outbox row: "<module>.<function>" unless given
    handle: Handler
    with_event: bool = False  # called as handle(payload, event): the outbox row as well


_handlers: dict[str, dict[str, EventHandler]] = {}


def event_handler(name: str, *, handler_id: str | None = None, with_event: bool = False):
    def register(handle: Handler) -> Handler:
        identifier = handler_id or f"{handle.__module__}.{handle.__qualname__}"
        if len(identifier) > 200:
            raise ValueError(f"handler id {identifier!r} is longer than 200 characters")
        _handlers.setdefault(name, {})[identifier] = EventHandler(
            name, identifier, handle, with_event
        )
        return handle

    return register


def event_handlers(name: str) -> list[EventHandler]:
    return sorted(_handlers.get(name, {}).values(), key=lambda handler: handler.handler_id)


def event_handler_get(name: str, handler_id: str) -> EventHandler | None:
    return _handlers.get(name, {}).get(handler_id)
