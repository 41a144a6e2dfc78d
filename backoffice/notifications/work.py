"""HR's home page hears about reminders that could not be delivered."""

from __future__ import annotations

from django.urls import reverse

from backoffice.core.work import Panel, panel_provider
from backoffice.notifications.selectors import reminders_failed_count


@panel_provider
def failed_reminders_panel(user) -> Panel | None:
    if not user.is_hr:
        return None
    failed = reminders_failed_count()
    if not failed:
        return None
    url = reverse("admin:notifications_reminderledger_changelist") + "?status__exact=failed"
    return Panel(
        title="Reminders that could not be sent",
        template="notifications/_panel_failed.html",
        context={"failed": failed, "url": url},
        order=90,
        waiting=failed,
    )
