"""Writes of skills: a person rates themselves, their manager rates them."""

from __future__ import annotations

from django.db import transaction

from backoffice.core.errors import DomainError
from backoffice.people.models import Employee, User
from performance.models import Review, Skill, SkillAssessment


@transaction.atomic
def skill_assess(
    *,
    employee: Employee,
    skill: Skill,
    by: User,
    level: int,
    note: str = "",
    review: Review | None = None,
) -> SkillAssessment:
    """Record an assessment: by the person themselves (self) or by their manager (manager).
    Nobody else assesses, not even HR: the rating is the person's or their manager's own.

    Given in a review (a cycle that includes skills), "their manager" is the review's manager,
    and the assessment names the review: one per skill and side, a second call updates it.
    """
    if level not in (1, 2, 3, 4):
        raise DomainError("Choose a level from 1 to 4.")
    manager = review.manager if review is not None else employee.manager
    if review is not None and review.employee_id != employee.pk:
        raise DomainError("This review is someone else's.")
    if employee.user_id == by.pk:
        kind = SkillAssessment.Kind.SELF
    elif manager is not None and manager.user_id == by.pk:
        kind = SkillAssessment.Kind.MANAGER
    else:
        raise DomainError("Only the person and their manager assess their skills.")
    if review is not None:
        assessment = SkillAssessment.objects.filter(review=review, skill=skill, kind=kind).first()
        if assessment is not None:
            assessment.level, assessment.note, assessment.assessed_by = level, note.strip(), by
            assessment.save(update_fields=["level", "note", "assessed_by"])
            return assessment
    return SkillAssessment.objects.create(
        employee=employee,
        skill=skill,
        kind=kind,
        level=level,
        note=note.strip(),
        assessed_by=by,
        review=review,
    )
