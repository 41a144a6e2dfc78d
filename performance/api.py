"""Review cycle progress in the API (read only): HR's, as on the performance reports page."""

from __future__ import annotations

from rest_framework import mixins, serializers

from backoffice.core.api import ApiViewSet, roles_required
from backoffice.people.roles import Role
from performance.models import ReviewCycle
from performance.selectors.reviews import cycles_with_progress


class CycleProgressSerializer(serializers.ModelSerializer):
    reviews_total = serializers.IntegerField()
    self_reviews_done = serializers.IntegerField(source="self_done")
    manager_reviews_done = serializers.IntegerField(source="manager_done")
    shared = serializers.IntegerField(source="shared_done")
    acknowledged = serializers.IntegerField(source="acknowledged_done")
    peer_feedback_requested = serializers.IntegerField(source="peer_total")
    peer_feedback_done = serializers.IntegerField(source="peer_done")

    class Meta:
        model = ReviewCycle
        fields = [
            "id",
            "name",
            "status",
            "period_start",
            "period_end",
            "self_review_due",
            "manager_review_due",
            "launched_at",
            "closed_at",
            "reviews_total",
            "self_reviews_done",
            "manager_reviews_done",
            "shared",
            "acknowledged",
            "peer_feedback_requested",
            "peer_feedback_done",
        ]


class CycleProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Company-wide completion counts: HR only, like the reports page (performance:reports)."""

    serializer_class = CycleProgressSerializer
    permission_classes = [roles_required(Role.HR)]

    def get_queryset(self):
        return cycles_with_progress()
