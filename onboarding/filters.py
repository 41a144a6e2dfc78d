from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone

from backoffice.people.models import Department
from onboarding.models import ItemKind, ItemOwner, PlanItem


class PlanItemFilter(django_filters.FilterSet):
    owner = django_filters.ChoiceFilter(
        choices=ItemOwner.choices, empty_label="Any owner", label="Owner"
    )
    kind = django_filters.ChoiceFilter(
        choices=ItemKind.choices, empty_label="Any kind", label="Kind"
    )
    status = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("overdue", "Overdue"), ("done", "Done")],
        method="filter_status",
        label="Status",
        empty_label="Any status",
    )
    department = django_filters.ModelChoiceFilter(
        field_name="plan__employee__department",
        queryset=Department.objects.all(),
        empty_label="Any department",
        label="Department",
    )
    employee = django_filters.CharFilter(method="filter_employee", label="Employee")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            css = (
                "form-control form-control-sm"
                if name == "employee"
                else "form-select form-select-sm"
            )
            field.widget.attrs["class"] = css
        self.form.fields["employee"].widget.attrs["placeholder"] = "Name or email"

    class Meta:
        model = PlanItem
        fields = ["owner", "kind", "status", "department", "employee"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open()
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset

    def filter_employee(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(plan__employee__user__first_name__icontains=value)
            | Q(plan__employee__user__last_name__icontains=value)
            | Q(plan__employee__user__email__icontains=value)
        )
