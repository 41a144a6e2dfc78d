"""Reminders, the company's calendar, the outbox and webhooks: part of backoffice.settings.

SWEEPS are the beat entries these settings time; backoffice.settings adds them to beat's
fixed schedule."""

import datetime

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from backoffice.env import env_bool, env_holidays, env_hour_range, env_int, env_weekdays

SWEEPS: dict[str, dict] = {}

# --- Reminders (backoffice/notifications) -------------------------------------------------
# Days and hours are the company's, in TIME_ZONE. Outside working days and inside quiet hours
# the sweep does nothing and no reminder goes out; the first sweep after catches up.
REMINDER_WORKING_DAYS = env_weekdays("REMINDER_WORKING_DAYS", "mon-fri")

# --- The company's calendar (backoffice/core/calendar.py) ---------------------------------
# Working days are REMINDER_WORKING_DAYS, less the public holidays of HOLIDAYS_COUNTRY (an ISO
# code such as GB, DE, US; empty = none) in HOLIDAYS_SUBDIVISION (e.g. SCT, BY, CA), less the
# closure days HR enters in the admin. Onboarding's due dates and the reminders both use it.
HOLIDAYS_COUNTRY, HOLIDAYS_SUBDIVISION = env_holidays("HOLIDAYS_COUNTRY", "HOLIDAYS_SUBDIVISION")
REMINDER_QUIET_HOURS = env_hour_range("REMINDER_QUIET_HOURS", "19-7")
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", 8, minimum=0)
REMINDER_ESCALATE_MANAGER_DAYS = env_int("REMINDER_ESCALATE_MANAGER_DAYS", 3, minimum=1)
REMINDER_ESCALATE_HR_DAYS = env_int("REMINDER_ESCALATE_HR_DAYS", 7, minimum=1)
REMINDER_SWEEP_MINUTES = env_int("REMINDER_SWEEP_MINUTES", 60, minimum=1)
# A pending row whose send was queued this long ago without going out is queued again.
REMINDER_REQUEUE_AFTER_MINUTES = env_int("REMINDER_REQUEUE_AFTER_MINUTES", 10, minimum=1)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5, minimum=1)
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 60, minimum=0)
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 1000, minimum=1)
if REMINDER_DIGEST_HOUR > 23:
    raise ImproperlyConfigured("REMINDER_DIGEST_HOUR must be an hour from 0 to 23.")
if REMINDER_ESCALATE_HR_DAYS < REMINDER_ESCALATE_MANAGER_DAYS:
    raise ImproperlyConfigured(
        "REMINDER_ESCALATE_HR_DAYS must not be below REMINDER_ESCALATE_MANAGER_DAYS."
    )
SWEEPS["reminders-sweep"] = {
    "task": "backoffice.notifications.tasks.reminders_sweep_task",
    "schedule": (
        crontab(minute=0)
        if REMINDER_SWEEP_MINUTES >= 60
        else crontab(minute=f"*/{REMINDER_SWEEP_MINUTES}")
    ),
    # A sweep still queued when the next one is due is pointless: drop it.
    "options": {"expires": max(REMINDER_SWEEP_MINUTES * 60 - 30, 30)},
}

# --- The outbox (backoffice/notifications/services/outbox.py) ------------------------------
# Every email and durable domain event is written with the change that causes it; a task
# queued on commit delivers it, and this sweep delivers whatever that task did not.
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 60, minimum=1)
# How long one relay or sweep sends before it stops and leaves the rest to the next.
OUTBOX_RELAY_SECONDS = env_int("OUTBOX_RELAY_SECONDS", 50, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=0)
# /healthz says "degraded" when an email has waited longer than this.
OUTBOX_STALE_MINUTES = env_int("OUTBOX_STALE_MINUTES", 15, minimum=1)
SWEEPS["notifications-outbox-sweep"] = {
    "task": "backoffice.notifications.tasks.outbox_sweep_task",
    "schedule": datetime.timedelta(seconds=OUTBOX_SWEEP_SECONDS),
    "options": {"expires": max(OUTBOX_SWEEP_SECONDS - 1, 1)},
}

# --- Webhooks (backoffice/webhooks) -------------------------------------------------------
# HR registers endpoints in the admin; each event is a delivery per endpoint, sent by a task,
# retried with back-off, and found again by this sweep when its task was lost.
WEBHOOK_SWEEP_SECONDS = env_int("WEBHOOK_SWEEP_SECONDS", 60, minimum=1)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30, minimum=0)
# Connecting and each read of a delivery wait at most this long.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
# How much of an endpoint's answer is kept with each attempt (bytes read, at most).
WEBHOOK_RESPONSE_EXCERPT = env_int("WEBHOOK_RESPONSE_EXCERPT", 1000, minimum=0)
# Off: endpoints must resolve to public addresses (no loopback, private or link-local ones:
# the server's own network and cloud metadata stay out of reach) and use https.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", False)
if WEBHOOK_TIMEOUT_SECONDS > 60:
    raise ImproperlyConfigured("WEBHOOK_TIMEOUT_SECONDS must be at most 60.")
SWEEPS["webhooks-deliveries-sweep"] = {
    "task": "backoffice.webhooks.tasks.webhook_deliveries_sweep_task",
    "schedule": datetime.timedelta(seconds=WEBHOOK_SWEEP_SECONDS),
    "options": {"expires": max(WEBHOOK_SWEEP_SECONDS - 1, 1)},
}
