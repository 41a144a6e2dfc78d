from django.contrib import admin, messages
from django.utils.text import Truncator

from backoffice.notifications.models import (
    OutboxEvent,
    OutboxMessage,
    ReminderLedger,
    ReminderPreference,
)
from backoffice.notifications.selectors import outbox_counts
from backoffice.notifications.services import (
    outbox_events_retry,
    outbox_messages_resend,
    reminders_resend,
)


@admin.register(ReminderLedger)
class ReminderLedgerAdmin(admin.ModelAdmin):
    """HR's view of every reminder, with a resend action; only the engine writes rows."""

    list_display = [
        "title",
        "recipient",
        "kind",
        "status",
        "attempts",
        "short_error",
        "sent_at",
    ]
    list_filter = ["status", "audience", "kind", "created_at"]
    search_fields = ["recipient__email", "title", "subject"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in ReminderLedger._meta.fields]

    @admin.display(description="last error")
    def short_error(self, reminder: ReminderLedger) -> str:
        return Truncator(reminder.last_error).chars(60)

    @admin.action(description="Resend the selected failed reminders", permissions=["change"])
    def resend(self, request, queryset):
        selected = list(queryset.values_list("id", flat=True))
        count = reminders_resend(reminder_ids=selected, by=request.user)
        skipped = len(selected) - count
        self.message_user(request, f"{count} reminder(s) will be sent again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} selected reminder(s) had not failed: left as they were."
            )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "delivery", "muted_kinds", "updated_at"]
    list_filter = ["delivery"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "delivery", "muted_kinds", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False


class _OutboxAdmin(admin.ModelAdmin):
    """Read-only: only the outbox writes rows; HR filters them and acts on failed ones."""

    date_hierarchy = "created_at"
    change_list_template = "admin/notifications/outbox_change_list.html"

    @admin.display(description="last error")
    def short_error(self, row) -> str:
        return Truncator(row.last_error).chars(80)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "outbox_counts": outbox_counts()}
        return super().changelist_view(request, extra_context=extra_context)

    def _report(self, request, selected: int, count: int, what: str) -> None:
        self.message_user(request, f"{count} {what} will be tried again now.", messages.SUCCESS)
        if selected - count:
            self.message_user(
                request, f"{selected - count} selected had not failed: left as they were."
            )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(_OutboxAdmin):
    list_display = [
        "subject",
        "recipients",
        "template",
        "status",
        "attempts",
        "short_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["key", "subject", "to"]
    actions = ["resend"]
    # Attachments are base64 in the row: shown by name only.
    readonly_fields = [
        field.name for field in OutboxMessage._meta.fields if field.name != "attachments"
    ] + ["attachment_names"]
    exclude = ["attachments"]

    @admin.display(description="to")
    def recipients(self, message: OutboxMessage) -> str:
        return ", ".join(message.to)

    @admin.display(description="attachments")
    def attachment_names(self, message: OutboxMessage) -> str:
        return ", ".join(item["filename"] for item in message.attachments) or "—"

    @admin.action(description="Resend the selected failed emails", permissions=["change"])
    def resend(self, request, queryset):
        selected = list(queryset.values_list("id", flat=True))
        count = outbox_messages_resend(message_ids=selected, by=request.user)
        self._report(request, len(selected), count, "email(s)")


@admin.register(OutboxEvent)
class OutboxEventAdmin(_OutboxAdmin):
    list_display = [
        "name",
        "key",
        "handler",
        "status",
        "attempts",
        "short_error",
        "created_at",
        "processed_at",
    ]
    list_filter = ["status", "name", "created_at"]
    search_fields = ["key", "name", "handler"]
    actions = ["retry"]
    readonly_fields = [field.name for field in OutboxEvent._meta.fields]

    @admin.action(description="Run the selected failed events again", permissions=["change"])
    def retry(self, request, queryset):
        selected = list(queryset.values_list("id", flat=True))
        count = outbox_events_retry(event_ids=selected, by=request.user)
        self._report(request, len(selected), count, "event(s)")
