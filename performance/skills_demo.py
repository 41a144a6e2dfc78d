"""Demo data for skills: self and manager assessments with gaps for the demo clerks.
Idempotent: people already assessed are left alone."""

from __future__ import annotations

from django.db import transaction

from backoffice.core.demo import demo_step
from backoffice.people.models import Employee
from performance.models import Skill, SkillAssessment
from performance.services.skills import skill_assess

# person → [(skill slug, self level, manager level)]
DEMO_ASSESSMENTS = {
    "employee@example.com": [
        ("data-entry", 3, 2),
        ("record-keeping", 3, 3),
        ("spreadsheets", 1, 1),
        ("communication", 2, 2),
        ("problem-solving", 2, 1),
        ("teamwork", 3, 3),
        ("adaptability", 2, 2),
    ],
    "employee2@example.com": [
        ("accounting-software", 2, 2),
        ("spreadsheets", 3, 2),
        ("data-entry", 2, 2),
        ("record-keeping", 3, 3),
        ("communication", 3, 3),
        ("problem-solving", 2, 2),
    ],
    "employee3@example.com": [
        ("communication", 3, 3),
        ("customer-service", 2, 2),
        ("record-keeping", 1, 1),
    ],
}


@demo_step(name="skills", order=64)
@transaction.atomic
def seed_skills() -> str:
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    made = 0
    for email, rows in DEMO_ASSESSMENTS.items():
        person = (
            Employee.objects.select_related("manager__user", "user")
            .filter(user__email=email)
            .first()
        )
        if person is None or person.manager is None:
            continue
        if SkillAssessment.objects.filter(employee=person).exists():
            continue
        for slug, own, rated in rows:
            if slug not in skills:
                continue
            skill_assess(employee=person, skill=skills[slug], by=person.user, level=own)
            skill_assess(employee=person, skill=skills[slug], by=person.manager.user, level=rated)
            made += 2
    return f"{made} skills assessments"
