"""HR's screens: review cycles (with launch, advance, remind and close), metrics and the rest."""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from backoffice.core.admin_mixins import LargeListAdminMixin, ReadOnlyAdminMixin
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
    RoleSkill,
    Skill,
)
from performance.selectors.reviews import closed_cycle_counts_fill, cycles_with_progress
from performance.views import cycle_admin


class ReviewQuestionInline(admin.StackedInline):
    model = ReviewQuestion
    extra = 1
    fields = [
        ("position", "kind"),
        ("prompt", "self_prompt"),
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


# What "done" means on each step, as the changelist shows it: (annotation, out of, label).
CURRENT_PROGRESS = {
    ReviewCycle.Status.SELF_REVIEW: ("self_done", "reviews_total", "self reviews"),
    ReviewCycle.Status.PEER_FEEDBACK: ("peer_done", "peer_total", "peer answers"),
    ReviewCycle.Status.MANAGER_REVIEW: ("manager_done", "reviews_total", "manager reviews"),
    ReviewCycle.Status.CALIBRATION: ("manager_done", "reviews_total", "rated"),
    ReviewCycle.Status.SHARING: ("shared_done", "reviews_total", "shared"),
    ReviewCycle.Status.ACKNOWLEDGEMENT: ("acknowledged_done", "shared_done", "acknowledged"),
    ReviewCycle.Status.CLOSED: ("shared_done", "reviews_total", "shared"),
}


@admin.register(ReviewCycle)
class ReviewCycleAdmin(admin.ModelAdmin):
    """Each cycle opens on its cockpit (progress, people late, history, the buttons that run
    it); the change form holds its settings and questionnaire until launch."""

    # Narrow enough for 1280 px beside the admin's menu and filters: the progress column says
    # how many reviews there are ("12 / 40 self reviews").
    list_display = ["cycle_link", "status", "period", "progress", "next_due"]
    list_display_links = None
    list_filter = ["status"]
    search_fields = ["name"]
    inlines = [ReviewQuestionInline]
    autocomplete_fields = ["departments", "role_families", "picked_employees"]
    readonly_fields = ["status", "launched_at", "closed_at"]
    actions = None  # the cockpit's buttons run a cycle, each through its confirmation page
    change_form_template = "admin/performance/reviewcycle/change_form.html"
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
                    "include_skills",
                    ("manager_review_due", "manager_sees_self_review_first"),
                    "calibration_due",
                    "sharing_due",
                    "acknowledgement_due",
                    ("launched_at", "closed_at"),
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/performance-admin.css"]}

    def get_queryset(self, request):
        return cycles_with_progress(open_only=True)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's cycles, read once here (the template then iterates the same rows).
        closed_cycle_counts_fill(changelist.result_list)
        return changelist

    def get_urls(self):
        def view(function):
            def wrapped(request, object_id):
                return function(self, request, object_id)

            return self.admin_site.admin_view(wrapped)

        pages = [
            ("cockpit", cycle_admin.cycle_cockpit),
            ("launch", cycle_admin.cycle_launch),
            ("remind", cycle_admin.cycle_remind),
            ("advance", cycle_admin.cycle_advance),
            ("close", cycle_admin.cycle_close),
            ("preview", cycle_admin.cycle_preview),
            ("copy", cycle_admin.cycle_copy),
        ]
        return [
            path(
                f"<path:object_id>/{name}/",
                view(function),
                name=f"performance_reviewcycle_{name}",
            )
            for name, function in pages
        ] + super().get_urls()

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, f"{obj} was added successfully.", messages.SUCCESS)
        return redirect("admin:performance_reviewcycle_cockpit", obj.pk)

    @admin.display(description="Cycle", ordering="name")
    def cycle_link(self, cycle):
        url = reverse("admin:performance_reviewcycle_cockpit", args=[cycle.pk])
        return format_html('<a href="{}">{}</a>', url, cycle.name)

    @admin.display(description="Period", ordering="period_end")
    def period(self, cycle):
        return f"{cycle.period_start:%b %Y} to {cycle.period_end:%b %Y}"

    @admin.display(description="Progress of the step")
    def progress(self, cycle):
        if cycle.status not in CURRENT_PROGRESS:
            return "—"
        done_name, total_name, label = CURRENT_PROGRESS[cycle.status]
        done, total = getattr(cycle, done_name), getattr(cycle, total_name)
        share = round(100 * done / total) if total else 0
        return format_html(
            '<span class="cycle-meter" title="{}%"><span style="width:{}%"></span></span> '
            "{} / {} {}",
            share,
            share,
            done,
            total,
            label,
        )

    @admin.display(description="Step due")
    def next_due(self, cycle):
        due = cycle.due_for(cycle.status)
        return f"{due:%d %b}" if due else "—"


@admin.register(Review)
class ReviewAdmin(LargeListAdminMixin, HistoryAdmin):
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
class ReviewAnswerAdmin(LargeListAdminMixin, ReadOnlyAdminMixin, HistoryAdmin):
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
class MeasurementAdmin(LargeListAdminMixin, admin.ModelAdmin):
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


class RoleSkillInline(admin.TabularInline):
    model = RoleSkill
    extra = 1
    autocomplete_fields = ["role_family"]
    verbose_name = "role that needs it"
    verbose_name_plural = "roles that need it, and the level each expects"


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """The skills framework: HR words the four levels and sets what each role expects."""

    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleSkillInline]
