"""Employees in the API (read only): HR sees everyone, anyone else themselves and their reports."""

from __future__ import annotations

from rest_framework import mixins, serializers

from backoffice.core.api import ApiViewSet
from backoffice.people.models import Employee


class EmployeeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__")
    email = serializers.EmailField(source="user.email")
    department = serializers.StringRelatedField()
    role_family = serializers.StringRelatedField()
    manager = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "name",
            "email",
            "job_title",
            "department",
            "role_family",
            "manager",
            "start_date",
            "status",
        ]


class EmployeeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    serializer_class = EmployeeSerializer

    def get_queryset(self):
        return Employee.objects.visible_to(self.request.user).with_relations()
