from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from backoffice.core.history_admin import HistoryAdmin
from backoffice.people.models import CompanyClosure, Department, Employee, RoleFamily, User
from backoffice.people.roles import Role
from backoffice.people.services import roles_grant


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
