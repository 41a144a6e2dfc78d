"""Onboarding plan progress in the API (read only): the plans the pages show the caller."""

from __future__ import annotations

from rest_framework import mixins, serializers

from backoffice.core.api import ApiViewSet
from onboarding.models import OnboardingPlan
from onboarding.selectors import plans_with_progress


class PlanProgressSerializer(serializers.ModelSerializer):
    employee = serializers.PrimaryKeyRelatedField(read_only=True)
    employee_name = serializers.CharField(source="employee.__str__")
    items_total = serializers.IntegerField(source="total")
    items_done = serializers.IntegerField(source="done")
    items_overdue = serializers.IntegerField(source="overdue")
    own_items_total = serializers.IntegerField(source="own_total", help_text="The new hire's own.")
    own_items_done = serializers.IntegerField(source="own_done")
    percent_done = serializers.SerializerMethodField()

    class Meta:
        model = OnboardingPlan
        fields = [
            "id",
            "employee",
            "employee_name",
            "items_total",
            "items_done",
            "items_overdue",
            "own_items_total",
            "own_items_done",
            "percent_done",
            "created_at",
            "completed_at",
        ]

    def get_percent_done(self, plan) -> int:
        return round(100 * plan.done / plan.total) if plan.total else 0


class PlanProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = PlanProgressSerializer

    def get_queryset(self):
        return plans_with_progress(self.request.user)
