"""HR's screens: endpoints (with their signing secret), deliveries with each attempt, replay."""

import json

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from backoffice.webhooks.catalog import EventType
from backoffice.webhooks.forms import WebhookEndpointForm
from backoffice.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from backoffice.webhooks.services import webhook_deliveries_replay, webhook_endpoint_secret_roll


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "description", "event_list", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = ["secret", "deliveries_link", "created_by", "created_at"]
    actions = ["roll_secret"]

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "is_active"]
        return fields if obj is None else [*fields, *self.readonly_fields]

    @admin.display(description="events")
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        labels = dict(EventType.choices)
        return ", ".join(labels.get(value, value) for value in endpoint.events) or "—"

    @admin.display(description="deliveries")
    def deliveries_link(self, endpoint: WebhookEndpoint) -> str:
        url = reverse("admin:webhooks_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?endpoint__id__exact={}">Deliveries to this URL</a>', url, endpoint.pk
        )

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The secret is generated on save: HR is shown it at once, to copy to the receiver.
        self.message_user(
            request,
            "Endpoint added. Copy its signing secret below to the receiving system.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:webhooks_webhookendpoint_change", args=[obj.pk]))

    @admin.action(
        description="Roll the signing secret of the selected endpoints", permissions=["change"]
    )
    def roll_secret(self, request, queryset):
        for endpoint in queryset:
            webhook_endpoint_secret_roll(endpoint=endpoint, by=request.user)
        self.message_user(
            request,
            f"{queryset.count()} endpoint(s) have a new secret: update the receivers.",
            messages.SUCCESS,
        )


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """Read-only: only the sender writes deliveries; HR replays them."""

    list_display = [
        "event_type",
        "event_id",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "short_error",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event__type", "endpoint", "created_at"]
    search_fields = ["event__event_id", "event__key", "endpoint__url"]
    list_select_related = ["event", "endpoint"]
    date_hierarchy = "created_at"
    actions = ["replay"]
    inlines = [WebhookAttemptInline]
    change_form_template = "admin/webhooks/webhookdelivery/change_form.html"
    fields = [
        "event_type",
        "event_id",
        "endpoint",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
        "event_data",
    ]
    readonly_fields = fields

    @admin.display(description="event", ordering="event__type")
    def event_type(self, delivery: WebhookDelivery) -> str:
        return delivery.event.get_type_display()

    @admin.display(description="event id")
    def event_id(self, delivery: WebhookDelivery) -> str:
        return str(delivery.event.event_id)

    @admin.display(description="data")
    def event_data(self, delivery: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(delivery.event.data, indent=2))

    @admin.display(description="last error")
    def short_error(self, delivery: WebhookDelivery) -> str:
        return Truncator(delivery.last_error).chars(60)

    @admin.action(
        description="Replay the selected deliveries (same event id)", permissions=["change"]
    )
    def replay(self, request, queryset):
        count = webhook_deliveries_replay(
            delivery_ids=list(queryset.values_list("id", flat=True)), by=request.user
        )
        self.message_user(
            request, f"{count} delivery(ies) will be sent again now.", messages.SUCCESS
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing here is edited: the page reads, and its one action is the replay button.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
