from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied

from backoffice.core.history_admin import HistoryAdmin
from backoffice.people.models import (
    CompanyClosure,
    Department,
    Employee,
    LeavingReason,
    RoleFamily,
    User,
)
from backoffice.people.roles import Role
from backoffice.people.services import employee_activate, roles_grant


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]
    # Flags that widen what an account may do beyond its roles.
    privilege_fields = ["is_staff", "is_superuser"]

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser sets the staff and superuser flags, and nobody their own."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser or (obj is not None and obj.pk == request.user.pk):
            fields += self.privilege_fields
        return fields

    def save_model(self, request, obj, form, change):
        # Read-only fields never reach the form; this refuses any other way round as well.
        touched = change and set(form.changed_data) & set(self.privilege_fields)
        if touched and (not request.user.is_superuser or obj.pk == request.user.pk):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


@admin.register(Department)
class DepartmentAdmin(HistoryAdmin):
    search_fields = ["name"]


@admin.register(RoleFamily)
class RoleFamilyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Employee)
class EmployeeAdmin(HistoryAdmin):
    list_display = ["__str__", "job_title", "department", "role_family", "manager", "status"]
    list_filter = ["status", "department", "role_family"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "job_title"]
    autocomplete_fields = ["user", "manager", "department", "role_family"]
    list_select_related = ["user", "department", "role_family", "manager__user"]
    date_hierarchy = "start_date"
    # The status changes only through its service (employee_activate), never by editing it.
    readonly_fields = ["status"]
    actions = ["activate"]

    @admin.action(description="Activate the selected pre-start employees")
    def activate(self, request, queryset):
        activated = 0
        for employee in queryset.select_related("user"):
            try:
                employee_activate(employee=employee)
            except ValueError as refused:
                self.message_user(request, f"{employee}: {refused}", messages.WARNING)
            else:
                activated += 1
        self.message_user(request, f"{activated} employee(s) active.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Whoever is employed holds the Employee role, as employee_create() grants it.
            roles_grant(user=obj.user, roles=[Role.EMPLOYEE])


@admin.register(CompanyClosure)
class CompanyClosureAdmin(admin.ModelAdmin):
    """Company closure days: due dates and reminders skip them (backoffice/core/calendar.py)."""

    list_display = ["name", "first_day", "last_day"]
    search_fields = ["name"]
    date_hierarchy = "first_day"


@admin.register(LeavingReason)
class LeavingReasonAdmin(admin.ModelAdmin):
    """HR's list of reasons to choose from when recording a leaver; retire one by unticking."""

    list_display = ["name", "is_voluntary", "is_active", "order"]
    search_fields = ["name"]
