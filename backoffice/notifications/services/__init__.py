"""Every write of the notifications app: outgoing email, the reminder sweep and deliveries."""

from backoffice.notifications.services.delivery import (
    DigestOutcome,
    reminder_digest_send,
    reminders_resend,
)
from backoffice.notifications.services.email import email_render, email_send
from backoffice.notifications.services.outbox import (
    RelayReport,
    outbox_email,
    outbox_event,
    outbox_events_retry,
    outbox_messages_resend,
    outbox_sweep,
)
from backoffice.notifications.services.preferences import reminder_preference_update
from backoffice.notifications.services.sweep import (
    SweepReport,
    reminders_collect,
    reminders_queue_due,
    reminders_sweep,
)

__all__ = [
    "DigestOutcome",
    "RelayReport",
    "SweepReport",
    "email_render",
    "email_send",
    "outbox_email",
    "outbox_event",
    "outbox_events_retry",
    "outbox_messages_resend",
    "outbox_sweep",
    "reminder_digest_send",
    "reminder_preference_update",
    "reminders_collect",
    "reminders_queue_due",
    "reminders_resend",
    "reminders_sweep",
]
