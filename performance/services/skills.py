"""Writes of skills: a person rates themselves, their manager rates them."""

from __future__ import annotations

from django.db import transaction

from backoffice.core.errors import DomainError
from backoffice.people.models import Employee, User
from performance.models import Skill, SkillAssessment


@transaction.atomic
def skill_assess(
    *, employee: Employee, skill: Skill, by: User, level: int, note: str = ""
) -> SkillAssessment:
    """Record an assessment: by the person themselves (self) or by their manager (manager).
    Nobody else assesses, not even HR: the rating is the person's or their manager's own."""
    if level not in (1, 2, 3, 4):
        raise DomainError("Choose a level from 1 to 4.")
    if employee.user_id == by.pk:
        kind = SkillAssessment.Kind.SELF
    elif employee.manager is not None and employee.manager.user_id == by.pk:
        kind = SkillAssessment.Kind.MANAGER
    else:
        raise DomainError("Only the person and their manager assess their skills.")
    return SkillAssessment.objects.create(
        employee=employee, skill=skill, kind=kind, level=level, note=note.strip(), assessed_by=by
    )
