"""Demo data for skills: self and manager assessments with gaps for the demo clerks, and Ella's
development plan in progress. Idempotent: people already assessed or planned are left alone."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.core.trainings import training_catalogue
from backoffice.people.models import Employee
from performance.models import DevelopmentItem, Skill, SkillAssessment
from performance.services import development
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
    plans = _plans(skills)
    return f"{made} skills assessments, {plans} development items"


def _plans(skills: dict) -> int:
    """Ella's plan in progress: a training agreed (on her training list), a stretch task her
    manager proposed for her to agree, and a shadowing she did that waits for confirmation."""
    ella = (
        Employee.objects.select_related("manager__user", "user")
        .filter(user__email="employee@example.com")
        .first()
    )
    if ella is None or ella.manager is None or "spreadsheets" not in skills:
        return 0
    if DevelopmentItem.objects.filter(employee=ella).exists():
        return 0
    manager = ella.manager.user
    due = timezone.localdate() + datetime.timedelta(days=21)
    catalogue = training_catalogue()
    trainings = {title: pk for pk, title in catalogue.choices()} if catalogue else {}
    made = 0
    if "Spreadsheets" in trainings:
        training = development.development_item_propose(
            employee=ella,
            by=manager,
            skill=skills["spreadsheets"],
            kind="training",
            training_id=trainings["Spreadsheets"],
            due_on=due,
            raises_to=2,
            details="Lookups and pivot tables: the month-end report needs them.",
        )
        development.development_item_agree(item=training, by=ella.user)
        made += 1
    development.development_item_propose(
        employee=ella,
        by=manager,
        skill=skills["problem-solving"],
        kind="stretch",
        title="Find the cause of the duplicate supplier records",
        due_on=due + datetime.timedelta(days=14),
        raises_to=2,
    )
    shadowing = development.development_item_propose(
        employee=ella,
        by=ella.user,
        skill=skills["data-entry"],
        kind="shadowing",
        title="Shadow Olivia on the invoice batch for a morning",
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        raises_to=3,
    )
    development.development_item_agree(item=shadowing, by=manager)
    development.development_item_complete(item=shadowing, by=ella.user)
    return made + 2
