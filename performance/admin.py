"""HR's screens: review cycles (with launch, advance, remind and close), metrics and the rest."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from backoffice.core.admin_mixins import ReadOnlyAdminMixin
from backoffice.core.history_admin import HistoryAdmin
from performance.models import (
    Goal,
    Measurement,
    Metric,
    ProbationCheckIn,
    Review,
    ReviewAnswer,
    ReviewCycle,
    ReviewQuestion,
)
from performance.selectors.reviews import cycles_with_progress
from performance.services import cycles as cycle_services


class ReviewQuestionInline(admin.StackedInline):
    model = ReviewQuestion
    extra = 1
    fields = [
        ("position", "kind"),
        "prompt",
        ("level_1", "level_2", "level_3", "level_4", "level_5"),
    ]

    def _frozen(self, obj) -> bool:
        # Once launched, people answer these questions: changing them would change answers.
        return obj is not None and obj.status != ReviewCycle.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


def _progress(done: int, total: int) -> str:
    return f"{done} / {total}" if total else "—"


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "period",
        "reviews_total",
        "self_progress",
        "peer_progress",
        "manager_progress",
        "shared_progress",
        "acknowledged_progress",
        "calibration_link",
    ]
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [ReviewQuestionInline]
    autocomplete_fields = ["departments", "role_families", "picked_employees"]
    readonly_fields = ["status", "launched_at", "closed_at"]
    actions = ["launch", "advance", "remind_now", "close"]
    fieldsets = [
        (None, {"fields": ["name", ("period_start", "period_end"), "status"]}),
        (
            "Participants",
            {
                "fields": [
                    "departments",
                    "role_families",
                    "picked_employees",
                    ("new_starter_days", "new_starter_rule"),
                ]
            },
        ),
        (
            "Steps and due dates",
            {
                "fields": [
                    "self_review_due",
                    ("peer_feedback_enabled", "peer_feedback_due"),
                    ("manager_review_due", "manager_sees_self_review_first"),
                    "calibration_due",
                    "sharing_due",
                    "acknowledgement_due",
                    ("launched_at", "closed_at"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return cycles_with_progress()

    @admin.display(description="Period", ordering="period_end")
    def period(self, cycle):
        return f"{cycle.period_start:%d %b %Y} to {cycle.period_end:%d %b %Y}"

    @admin.display(description="Reviews", ordering="reviews_total")
    def reviews_total(self, cycle):
        return cycle.reviews_total

    @admin.display(description="Self")
    def self_progress(self, cycle):
        return _progress(cycle.self_done, cycle.reviews_total)

    @admin.display(description="Peer")
    def peer_progress(self, cycle):
        return (
            _progress(cycle.peer_done, cycle.peer_total) if cycle.peer_feedback_enabled else "off"
        )

    @admin.display(description="Manager")
    def manager_progress(self, cycle):
        return _progress(cycle.manager_done, cycle.reviews_total)

    @admin.display(description="Shared")
    def shared_progress(self, cycle):
        return _progress(cycle.shared_done, cycle.reviews_total)

    @admin.display(description="Acknowledged")
    def acknowledged_progress(self, cycle):
        return _progress(cycle.acknowledged_done, cycle.reviews_total)

    @admin.display(description="Calibration")
    def calibration_link(self, cycle):
        if cycle.status == ReviewCycle.Status.DRAFT:
            return "—"
        return format_html(
            '<a href="{}">Open</a>', reverse("performance:calibration", args=[cycle.pk])
        )

    def _each(self, request, queryset, action, done):
        for cycle in queryset:
            try:
                result = action(cycle=cycle)
            except ValidationError as error:
                self.message_user(request, f"{cycle}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{cycle}: {done(result)}", messages.SUCCESS)

    @admin.action(
        description="Launch: create the reviews and notify people", permissions=["change"]
    )
    def launch(self, request, queryset):
        def said(result):
            parts = [f"{result.created} review(s) created"]
            if result.already_there:
                parts.append(f"{result.already_there} already there")
            if result.probation:
                parts.append(f"{result.probation} of them probation reviews")
            if result.left_out_new_starters:
                parts.append(f"{result.left_out_new_starters} new starter(s) left out")
            if result.left_out_without_manager:
                parts.append(f"{result.left_out_without_manager} without a manager left out")
            return "launched; " + ", ".join(parts) + "."

        self._each(request, queryset, cycle_services.review_cycle_launch, said)

    @admin.action(description="Advance to the next step", permissions=["change"])
    def advance(self, request, queryset):
        self._each(
            request,
            queryset,
            cycle_services.review_cycle_advance,
            lambda cycle: f"now at {cycle.get_status_display().lower()}.",
        )

    @admin.action(description="Remind now whoever has something to do", permissions=["change"])
    def remind_now(self, request, queryset):
        self._each(
            request,
            queryset,
            cycle_services.review_cycle_remind,
            lambda count: f"{count} reminder(s) queued.",
        )

    @admin.action(
        description="Close: share submitted reviews, end the cycle", permissions=["change"]
    )
    def close(self, request, queryset):
        self._each(request, queryset, cycle_services.review_cycle_close, lambda cycle: "closed.")


@admin.register(Review)
class ReviewAdmin(HistoryAdmin):
    list_display = ["employee", "cycle", "manager", "kind", "status", "final_rating"]
    list_filter = ["status", "kind", "cycle"]
    search_fields = ["employee__user__first_name", "employee__user__last_name", "cycle__name"]
    list_select_related = ["employee__user", "manager__user", "cycle"]
    fields = [
        "cycle",
        "employee",
        "manager",
        "kind",
        "status",
        "self_submitted_at",
        "manager_submitted_at",
        "overall_rating",
        "potential",
        "final_rating",
        "shared_at",
        "acknowledged_at",
        "acknowledgement_comment",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # reviews are created by launching a cycle

    def has_change_permission(self, request, obj=None):
        return False  # written on the review pages; ratings change through calibration


@admin.register(ReviewAnswer)
class ReviewAnswerAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Read-only: HR reads each answer's history (who wrote what, and when)."""

    list_display = ["review", "question", "author", "rating", "updated_at"]
    list_filter = ["author", "review__cycle"]
    list_select_related = ["review__employee__user", "review__cycle", "question"]
    search_fields = ["review__employee__user__first_name", "review__employee__user__last_name"]
    fields = ["review", "question", "author", "rating", "text", "updated_at"]
    readonly_fields = fields


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["name", "role_family", "unit", "direction", "target", "period", "is_active"]
    list_filter = ["role_family", "period", "is_active"]
    search_fields = ["name"]
    list_select_related = ["role_family"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["employee", "metric", "period_start", "value", "entered_by"]
    list_filter = ["metric__role_family", "metric"]
    search_fields = ["employee__user__first_name", "employee__user__last_name", "metric__name"]
    list_select_related = ["employee__user", "metric__role_family", "entered_by"]
    date_hierarchy = "period_start"

    def has_add_permission(self, request):
        return False  # entered or imported on the metric pages, where each row is checked

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "employee", "due_date", "weight", "progress", "status"]
    list_filter = ["status"]
    search_fields = ["title", "employee__user__first_name", "employee__user__last_name"]
    list_select_related = ["employee__user"]

    def has_add_permission(self, request):
        return False  # proposed and approved on the goal pages

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProbationCheckIn)
class ProbationCheckInAdmin(admin.ModelAdmin):
    list_display = ["employee", "day", "due_date", "manager", "completed_at"]
    list_filter = ["day"]
    list_select_related = ["employee__user", "manager__user"]
    search_fields = ["employee__user__first_name", "employee__user__last_name"]
    readonly_fields = ["completed_at"]
