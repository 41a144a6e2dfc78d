"""HR's onboarding screens. Every change goes through a service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse

from backoffice.core.admin_mixins import LargeListAdminMixin, ReadOnlyAdminMixin
from backoffice.core.errors import DomainError
from backoffice.core.history_admin import HistoryAdmin
from backoffice.people.models import Employee
from onboarding import services
from onboarding.forms import ExtendDueForm, MarkDoneForm
from onboarding.models import (
    ChecklistTemplate,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    Policy,
    PolicyAcknowledgement,
    PolicyVersion,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    TemplateItem,
    TrainingAttachment,
    TrainingCompletion,
    TrainingLink,
    TrainingModule,
)
from onboarding.services.uploads import training_attachment_validate

# --- Policies -----------------------------------------------------------------------------


class PolicyVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PolicyVersion
    fields = ["number", "effective_date", "change_note", "published_at", "published_by"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Policy)
class PolicyAdmin(HistoryAdmin):
    """The policy and its audience; its versions are written on the policy pages (View on site)."""

    list_display = ["title", "current_version", "requires_acknowledgement", "for_everyone"]
    list_filter = ["requires_acknowledgement", "for_everyone"]
    search_fields = ["title"]
    filter_horizontal = ["role_families", "departments"]
    readonly_fields = ["current_version"]
    fields = [
        "title",
        "summary",
        "requires_acknowledgement",
        "for_everyone",
        "role_families",
        "departments",
        "current_version",
    ]
    inlines = [PolicyVersionInline]

    def view_on_site(self, policy):
        return reverse("onboarding:policy", args=[policy.pk])


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """Read only: HR drafts, previews and publishes versions on the policy pages."""

    list_display = ["policy", "number", "state", "effective_date", "published_at", "published_by"]
    list_filter = ["policy", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["policy", "published_by"]
    fields = [
        "policy",
        "number",
        "body",
        "pdf",
        "effective_date",
        "change_note",
        "is_material",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
    ]
    readonly_fields = fields

    @admin.display(description="state")
    def state(self, version) -> str:
        if not version.is_published:
            return "Draft"
        return "Material change" if version.is_material else "Minor change"

    def view_on_site(self, version):
        return reverse("onboarding:policy_version", args=[version.pk])


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["employee", "version", "acknowledged_at", "ip_address"]
    list_filter = ["version__policy"]
    search_fields = ["employee__user__email", "employee__user__last_name"]
    list_select_related = ["employee__user", "version__policy"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("onboarding.view_policyacknowledgement")


# --- Training -----------------------------------------------------------------------------


class TrainingAttachmentForm(forms.ModelForm):
    class Meta:
        model = TrainingAttachment
        fields = ["order", "title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.name, self.instance.content_type = training_attachment_validate(upload)
        return upload


class TrainingAttachmentInline(admin.TabularInline):
    model = TrainingAttachment
    form = TrainingAttachmentForm
    extra = 0
    fields = ["order", "title", "file", "name", "content_type"]
    readonly_fields = ["name", "content_type"]


# Links are typed without a scheme as often as with one: https, not Django 5's http default.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class TrainingLinkInline(admin.TabularInline):
    model = TrainingLink
    extra = 0
    formfield_overrides = URL_FIELDS


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 0
    show_change_link = True


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 3


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "estimated_minutes",
        "pass_mark_percent",
        "validity_months",
    ]
    list_filter = ["category", "for_everyone"]
    search_fields = ["title"]
    filter_horizontal = ["role_families", "departments"]
    inlines = [TrainingAttachmentInline, TrainingLinkInline, QuizQuestionInline]
    formfield_overrides = URL_FIELDS


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "module", "order"]
    list_filter = ["module"]
    inlines = [QuizChoiceInline]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["employee", "module", "submitted_at", "score_percent", "passed"]
    list_filter = ["module", "passed"]
    search_fields = ["employee__user__email", "employee__user__last_name"]
    list_select_related = ["employee__user", "module"]
    date_hierarchy = "submitted_at"


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(LargeListAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["employee", "module", "completed_at", "expires_on", "quiz_score_percent"]
    list_filter = ["module"]
    search_fields = ["employee__user__email", "employee__user__last_name"]
    list_select_related = ["employee__user", "module"]
    date_hierarchy = "completed_at"


# --- Checklist templates ------------------------------------------------------------------


class TemplateItemInline(admin.TabularInline):
    model = TemplateItem
    extra = 1
    fields = [
        "order",
        "kind",
        "title",
        "owner",
        "due_offset_days",
        "policy",
        "training",
        "depends_on",
    ]
    autocomplete_fields = ["policy", "training"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "depends_on":
            template_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TemplateItem.objects.filter(template_id=template_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "purpose", "role_family", "department", "is_active", "item_count"]
    list_filter = ["purpose", "is_active", "role_family", "department"]
    search_fields = ["name"]
    inlines = [TemplateItemInline]
    actions = ["apply_to_plans_under_way"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("role_family", "department")
            .annotate(item_total=Count("items"))
        )

    @admin.display(description="items", ordering="item_total")
    def item_count(self, template) -> int:
        return template.item_total

    @admin.action(
        description="Apply to matching plans under way (adds new items, updates open ones)"
    )
    def apply_to_plans_under_way(self, request, queryset) -> None:
        added = updated = plans = 0
        # Offboarding templates reach leavers when their leaving is recorded, not here.
        for template in queryset.filter(purpose=ChecklistTemplate.Purpose.ONBOARDING):
            matching = OnboardingPlan.objects.filter(completed_at__isnull=True).select_related(
                "employee"
            )
            if template.role_family_id:
                matching = matching.filter(employee__role_family_id=template.role_family_id)
            if template.department_id:
                matching = matching.filter(employee__department_id=template.department_id)
            for plan in matching:
                result = services.plan_apply_template(plan=plan, template=template, by=request.user)
                added, updated, plans = (
                    added + result["added"],
                    updated + result["updated"],
                    plans + 1,
                )
        self.message_user(
            request, f"{plans} plan(s) checked: {added} item(s) added, {updated} updated."
        )


# --- Plans --------------------------------------------------------------------------------


class PlanItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = PlanItem
    fields = ["title", "kind", "owner", "due_date", "done_at", "done_by", "origin"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(OnboardingPlan)
class OnboardingPlanAdmin(admin.ModelAdmin):
    """Adding a plan for an employee copies their matching templates (once)."""

    list_display = ["employee", "created_at", "progress", "completed_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    search_fields = ["employee__user__email", "employee__user__last_name"]
    list_select_related = ["employee__user"]
    autocomplete_fields = ["employee"]
    inlines = [PlanItemInline]
    actions = ["move_employees_to_active"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_total=Count("items"),
                item_done=Count("items", filter=Q(items__done_at__isnull=False)),
            )
        )

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_fields(self, request, obj=None):
        return (
            ["employee"]
            if obj is None
            else ["employee", "created_at", "templates_applied_at", "completed_at"]
        )

    def get_readonly_fields(self, request, obj=None):
        return (
            []
            if obj is None
            else ["employee", "created_at", "templates_applied_at", "completed_at"]
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    @admin.display(description="progress")
    def progress(self, plan) -> str:
        return f"{plan.item_done} of {plan.item_total}"

    def save_model(self, request, obj, form, change) -> None:
        plan = services.plan_create_for_employee(employee=obj.employee, by=request.user)
        obj.pk, obj.created_at = plan.pk, plan.created_at

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the service wrote the items

    @admin.action(description="Move the employees to active (plans complete only)")
    def move_employees_to_active(self, request, queryset) -> None:
        moved = 0
        for plan in queryset:
            try:
                services.plan_employee_activate(plan=plan, by=request.user)
                moved += 1
            except (ValidationError, ValueError, PermissionDenied) as error:
                self.message_user(request, f"{plan.employee}: {error}", messages.WARNING)
        self.message_user(request, f"{moved} employee(s) are active.")


def _intermediate(modeladmin, request, queryset, *, form_class, title, action):
    """Show `form_class` for the selected items; on submit return the valid form, else None."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid():
        return form
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "queryset": queryset,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/onboarding/item_action.html", context)


@admin.register(PlanItem)
class PlanItemAdmin(LargeListAdminMixin, admin.ModelAdmin):
    list_display = ["title", "employee", "owner", "kind", "due_date", "done_at", "origin"]
    list_filter = ["owner", "kind", "origin", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "plan__employee__user__email", "plan__employee__user__last_name"]
    list_select_related = ["plan__employee__user"]
    date_hierarchy = "due_date"
    actions = ["mark_done", "extend_due_date"]
    readonly_fields = [field.name for field in PlanItem._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="employee", ordering="plan__employee__user__first_name")
    def employee(self, item) -> str:
        return str(item.plan.employee)

    @admin.action(description="Mark done with a reason")
    def mark_done(self, request, queryset):
        result = _intermediate(
            self, request, queryset, form_class=MarkDoneForm, title="Mark done", action="mark_done"
        )
        if not isinstance(result, MarkDoneForm):
            return result
        marked = 0
        for item in queryset.select_related("plan__employee__user", "training"):
            try:
                services.item_mark_done(
                    item=item, by=request.user, reason=result.cleaned_data["reason"]
                )
                marked += 1
            except DomainError as refused:
                self.message_user(request, refused.text, messages.WARNING)
        self.message_user(request, f"{marked} item(s) marked done.")
        return None

    @admin.action(description="Extend the due date")
    def extend_due_date(self, request, queryset):
        result = _intermediate(
            self,
            request,
            queryset,
            form_class=ExtendDueForm,
            title="Extend the due date",
            action="extend_due_date",
        )
        if not isinstance(result, ExtendDueForm):
            return result
        extended = 0
        for item in queryset:
            try:
                services.item_extend_due(
                    item=item,
                    by=request.user,
                    due_date=result.cleaned_data["due_date"],
                    reason=result.cleaned_data["reason"],
                )
                extended += 1
            except ValidationError as error:
                self.message_user(request, f"{item}: {' '.join(error.messages)}", messages.WARNING)
        self.message_user(request, f"{extended} item(s) extended.")
        return None


@admin.register(PlanItemEvent)
class PlanItemEventAdmin(LargeListAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "action", "item", "by", "note"]
    list_filter = ["action"]
    list_select_related = ["item", "by"]
    search_fields = ["item__title", "item__plan__employee__user__email"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("onboarding.view_planitemevent")


# --- For existing staff: an action on the people admin's employee list --------------------


@admin.action(description="Create onboarding plans (once per employee)")
def create_onboarding_plans(modeladmin, request, queryset) -> None:
    for employee in queryset.select_related("role_family", "department"):
        services.plan_create_for_employee(employee=employee, by=request.user)
    modeladmin.message_user(request, f"Plans ready for {queryset.count()} employee(s).")


_employee_admin = admin.site.get_model_admin(Employee)
_employee_admin.actions = [*(_employee_admin.actions or []), create_onboarding_plans]
