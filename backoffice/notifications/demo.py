"""Demo reminders: a few already sent, and one that failed for HR to resend from the admin."""

from __future__ import annotations

import datetime

from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.notifications.models import ReminderLedger
from backoffice.people.models import User

DEMO_REMINDERS = [
    # recipient, kind, subject, title, path, days ago, status, last error
    (
        "employee@example.com",
        "onboarding.item_due",
        "demo.onboarding:1",
        "Sign the data-protection policy",
        "/onboarding/",
        2,
        ReminderLedger.Status.SENT,
        "",
    ),
    (
        "employee@example.com",
        "performance.review_due",
        "demo.review:1",
        "Write your self review",
        "/performance/",
        1,
        ReminderLedger.Status.SENT,
        "",
    ),
    (
        "newhire@example.com",
        "onboarding.item_due",
        "demo.onboarding:2",
        "Complete the payroll software training",
        "/onboarding/",
        1,
        ReminderLedger.Status.FAILED,
        "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
    ),
]


@demo_step(name="reminders", order=900)
def seed_reminders() -> str:
    users = {user.email: user for user in User.objects.filter(email__endswith="@example.com")}
    now = timezone.now()
    created = 0
    for email, kind, subject, title, path, days_ago, status, error in DEMO_REMINDERS:
        if email not in users:
            continue
        when = now - datetime.timedelta(days=days_ago)
        sent = status == ReminderLedger.Status.SENT
        _, was_created = ReminderLedger.objects.get_or_create(
            recipient=users[email],
            kind=kind,
            subject=subject,
            period="demo",
            defaults={
                "title": title,
                "path": path,
                "status": status,
                "attempts": 1 if sent else 5,
                "last_error": error,
                "sent_at": when if sent else None,
            },
        )
        created += was_created
    return f"{created} demo reminders (one failed, for HR to resend in the admin)"
