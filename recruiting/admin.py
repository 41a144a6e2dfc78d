"""HR's screens for recruiting. Status and stage changes go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from backoffice.core.admin_mixins import LargeListAdminMixin, ReadOnlyAdminMixin
from backoffice.core.history_admin import HistoryAdmin
from recruiting import services
from recruiting.models.candidates import (
    Application,
    ApplicationInterviewer,
    Candidate,
    RejectionReason,
    StageEvent,
    Tag,
)
from recruiting.models.interviews import Interview
from recruiting.models.offer_letters import (
    MERGE_FIELDS,
    OfferLetterTemplate,
    OfferLetterVersion,
    OfferSignature,
)
from recruiting.models.offers import Offer
from recruiting.models.requisitions import Requisition, RequisitionEvent, RequisitionSkill
from recruiting.models.scorecards import (
    Scorecard,
    ScorecardCriterion,
    ScorecardRating,
    ScorecardTemplate,
)
from recruiting.models.skills_test import SkillsTest
from recruiting.services import offer_letters, retention
from recruiting.services import offers as offer_services


class RequisitionSkillInline(admin.TabularInline):
    model = RequisitionSkill
    extra = 1


class RequisitionEventInline(admin.TabularInline):
    model = RequisitionEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "by", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Requisition)
class RequisitionAdmin(HistoryAdmin):
    list_display = (
        "title",
        "department",
        "hiring_manager",
        "status",
        "employment_type",
        "headcount",
        "opened_at",
    )
    list_filter = ("status", "department", "employment_type", "remote_option", "role_family")
    search_fields = ("title", "location", "hiring_manager__email", "hiring_manager__last_name")
    autocomplete_fields = ("hiring_manager",)
    readonly_fields = ("status", "opened_at", "closed_at", "created_at", "updated_at")
    inlines = [RequisitionSkillInline, RequisitionEventInline]
    actions = ["approve_selected", "submit_selected"]
    date_hierarchy = "created_at"

    @admin.action(description="Approve selected requisitions (pending approval → open)")
    def approve_selected(self, request, queryset):
        self._transition(request, queryset, Requisition.Status.OPEN, "approved")

    @admin.action(description="Submit selected drafts for approval")
    def submit_selected(self, request, queryset):
        self._transition(request, queryset, Requisition.Status.PENDING_APPROVAL, "submitted")

    def _transition(self, request, queryset, to_status: str, verb: str) -> None:
        done = 0
        for requisition in queryset:
            try:
                services.requisition_transition(
                    requisition=requisition, to_status=to_status, by=request.user
                )
                done += 1
            except services.RequisitionTransitionRefused as refused:
                self.message_user(request, f"{requisition}: {refused.text}", messages.WARNING)
        if done:
            self.message_user(request, f"{done} requisition(s) {verb}.", messages.SUCCESS)


@admin.register(Candidate)
class CandidateAdmin(LargeListAdminMixin, HistoryAdmin):
    list_display = ("name", "email", "phone", "location", "source", "created_at")
    list_filter = ("source", "tags")
    search_fields = ("name", "email", "phone")
    filter_horizontal = ("tags",)
    readonly_fields = ("consent_at", "created_at", "anonymised_at")
    actions = ["erase_selected"]

    @admin.action(
        description="Erase personal data of selected candidates (right to be forgotten)",
        permissions=["delete"],
    )
    def erase_selected(self, request, queryset):
        """Asks first (a page listing who is erased), like Django's own delete action."""
        if request.POST.get("post") != "yes":
            return TemplateResponse(
                request,
                "admin/recruiting/candidate/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Erase personal data?",
                    "opts": self.model._meta,
                    "queryset": queryset,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        erased = 0
        for candidate in queryset:
            try:
                retention.candidate_anonymise(candidate=candidate, by=request.user)
                erased += 1
            except retention.ErasureRefused as refused:
                self.message_user(request, refused.text, messages.WARNING)
        if erased:
            self.message_user(
                request,
                f"{erased} candidate(s) anonymised; their files are deleted.",
                messages.SUCCESS,
            )


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_stage", "to_stage", "by", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ApplicationInterviewerInline(admin.TabularInline):
    model = ApplicationInterviewer
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Application)
class ApplicationAdmin(LargeListAdminMixin, HistoryAdmin):
    list_display = ("candidate", "requisition", "stage", "applied_at", "years_experience", "source")
    list_filter = ("stage", "requisition__status", "source", "rejection_reason")
    search_fields = (
        "candidate__name",
        "candidate__email",
        "candidate__phone",
        "requisition__title",
    )
    autocomplete_fields = ("candidate", "requisition", "owner")
    list_select_related = ("candidate", "requisition")
    # The stage is changed only by application_move (the board, the application page).
    readonly_fields = (
        "stage",
        "stage_changed_at",
        "rejection_reason",
        "applied_at",
        "resume",
        "resume_filename",
        "manager_notified_at",
        "rejection_email_due_at",
        "rejection_email_sent_at",
        # What the person typed and agreed to is a record: merged through the application page.
        "submitted_details",
        "consent_at",
        "consent_text",
        "details_merged_at",
        "details_merged_by",
    )
    inlines = [ApplicationInterviewerInline, StageEventInline]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ("name", "is_active", "email_subject")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


# --- Interviews, scorecards, the skills test and offers ---------------------------------------


class ScorecardCriterionInline(admin.StackedInline):
    model = ScorecardCriterion
    extra = 0
    fields = (
        ("section", "name", "position"),
        ("weight", "required", "is_data_entry"),
        "guidance",
        "questions",
        ("anchor_1", "anchor_2"),
        ("anchor_3", "anchor_4"),
    )


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "role_family", "is_active")
    list_filter = ("is_active", "role_family")
    search_fields = ("name",)
    inlines = [ScorecardCriterionInline]


@admin.register(Interview)
class InterviewAdmin(LargeListAdminMixin, admin.ModelAdmin):
    """Read-only here: interviews are scheduled on the application page so invitations go."""

    list_display = ("application", "kind", "starts_at", "duration_minutes", "cancelled_at")
    list_filter = ("kind",)
    list_select_related = ("application__candidate", "application__requisition")
    search_fields = ("application__candidate__name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ScorecardRatingInline(admin.TabularInline):
    model = ScorecardRating
    extra = 0
    can_delete = False
    readonly_fields = ("criterion", "rating", "note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(LargeListAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Scorecards are evidence: HR reads them here, nobody edits them."""

    list_display = ("application", "interviewer", "recommendation", "submitted_at", "amends")
    list_select_related = ("application__candidate", "application__requisition", "interviewer")
    list_filter = ("recommendation",)
    inlines = [ScorecardRatingInline]


@admin.register(SkillsTest)
class SkillsTestAdmin(admin.ModelAdmin):
    list_display = ("code", "application", "sent_at", "started_at", "submitted_at", "late")
    list_select_related = ("application__candidate", "application__requisition")
    exclude = ("records", "answers")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(HistoryAdmin):
    list_display = ("application", "status", "salary", "start_date", "expires_on")
    list_filter = ("status",)
    list_select_related = ("application__candidate", "application__requisition")
    actions = ["approve"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Approve the selected draft offers")
    def approve(self, request, queryset):
        approved = 0
        for offer in queryset.filter(status=Offer.Status.DRAFT):
            try:
                offer_services.offer_transition(
                    offer=offer, to_status=Offer.Status.APPROVED, by=request.user
                )
            except offer_services.OfferRefused as refused:
                self.message_user(request, refused.text, messages.ERROR)
            else:
                approved += 1
        self.message_user(request, f"{approved} offer(s) approved.")


# --- Offer letters --------------------------------------------------------------------------


class OfferLetterVersionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OfferLetterVersion
    fields = ("number", "published_at", "published_by", "body")
    readonly_fields = fields
    extra = 0


@admin.register(OfferLetterTemplate)
class OfferLetterTemplateAdmin(admin.ModelAdmin):
    """A saved change of the body is a new version; sent offers keep the text they were sent
    with. Unknown merge fields are refused on save, naming them."""

    list_display = ("name", "role_family", "is_default", "current_version")
    list_filter = ("is_default", "role_family")
    search_fields = ("name",)
    fields = ("name", "role_family", "is_default", "body", "merge_fields", "current_version")
    readonly_fields = ("merge_fields", "current_version")
    inlines = [OfferLetterVersionInline]

    @admin.display(description="Merge fields you can use")
    def merge_fields(self, obj=None) -> str:
        return "; ".join(f"{{{{ {name} }}}}: {text}" for name, text in MERGE_FIELDS.items())

    def save_model(self, request, obj, form, change) -> None:
        offer_letters.offer_letter_template_save(template=obj, by=request.user)


@admin.register(OfferSignature)
class OfferSignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Candidates' electronic signatures: evidence, shown and never changed."""

    list_display = ("offer", "typed_name", "signed_at", "ip_address")
    list_select_related = ("offer__application__candidate",)
    search_fields = ("typed_name",)
    fields = ("offer", "typed_name", "signed_at", "ip_address", "user_agent", "letter_sha256")
    readonly_fields = fields
