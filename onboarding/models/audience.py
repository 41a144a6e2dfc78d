"""Who a policy or a training concerns: everyone, or some role families and/or departments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Audience(models.Model):
    """Abstract: `for_everyone`, else anyone in one of `role_families` or `departments`."""

    for_everyone = models.BooleanField(
        default=True,
        help_text="Everyone employed. Untick to choose role families and/or departments.",
    )
    role_families = models.ManyToManyField("people.RoleFamily", blank=True, related_name="+")
    departments = models.ManyToManyField("people.Department", blank=True, related_name="+")

    class Meta:
        abstract = True

    def concerns(self, employee) -> bool:
        """Pure rule; reads the prefetched role_families/departments when present."""
        if self.for_everyone:
            return True
        family_ids = {family.pk for family in self.role_families.all()}
        department_ids = {department.pk for department in self.departments.all()}
        return employee.role_family_id in family_ids or employee.department_id in department_ids

    def employees_concerned(self):
        from backoffice.people.models import Employee

        employees = Employee.objects.exclude(status=Employee.Status.LEFT)
        if self.for_everyone:
            return employees
        return employees.filter(
            Q(role_family__in=self.role_families.all()) | Q(department__in=self.departments.all())
        )
