from django.contrib import admin, messages
from django.utils.text import Truncator

from backoffice.notifications.models import ReminderLedger, ReminderPreference
from backoffice.notifications.services import reminders_resend


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
