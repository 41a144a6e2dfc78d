"""Reads of skills: the framework, one person's expected vs assessed levels, a team heatmap."""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.people.models import Employee, RoleFamily
from performance.models import RoleSkill, Skill, SkillAssessment


@dataclass
class SkillRow:
    skill: Skill
    expected: int | None
    self_level: int | None
    manager_level: int | None

    @property
    def assessed(self) -> int | None:
        """The manager's rating counts; the person's own until the manager has rated."""
        return self.manager_level if self.manager_level is not None else self.self_level

    @property
    def gap(self) -> int | None:
        if self.expected is None or self.assessed is None:
            return None
        return max(self.expected - self.assessed, 0)


def framework() -> list[RoleFamily]:
    """Each role family with its skills and expected levels. Two queries."""
    role_skills = RoleSkill.objects.select_related("skill").order_by("skill__name")
    families = RoleFamily.objects.order_by("name")
    rows = {}
    for role_skill in role_skills:
        rows.setdefault(role_skill.role_family_id, []).append(role_skill)
    families = list(families)
    for family in families:
        family.role_skills = rows.get(family.pk, [])
    return [family for family in families if family.role_skills]


def _latest(assessments) -> dict[tuple[int, int, str], int]:
    """(employee, skill, kind) → the latest level; `assessments` newest first."""
    latest: dict = {}
    for employee_id, skill_id, kind, level in assessments:
        latest.setdefault((employee_id, skill_id, kind), level)
    return latest


def _assessments(employee_ids):
    return (
        SkillAssessment.objects.filter(employee_id__in=employee_ids)
        .values_list("employee_id", "skill_id", "kind", "level")
        .order_by("-assessed_at", "-id")
    )


def skill_rows(employee: Employee) -> list[SkillRow]:
    """The skills of the person's role (and any other they were assessed in) with expected,
    self and manager levels. Three queries."""
    expected = {
        rs.skill_id: rs.expected_level
        for rs in RoleSkill.objects.filter(role_family_id=employee.role_family_id)
    }
    latest = _latest(_assessments([employee.pk]))
    skill_ids = set(expected) | {skill_id for (_e, skill_id, _k) in latest}
    return [
        SkillRow(
            skill=skill,
            expected=expected.get(skill.pk),
            self_level=latest.get((employee.pk, skill.pk, "self")),
            manager_level=latest.get((employee.pk, skill.pk, "manager")),
        )
        for skill in Skill.objects.filter(pk__in=skill_ids).order_by("name")
    ]


@dataclass
class Heatmap:
    skills: list[Skill]
    people: list[tuple[Employee, list[SkillRow | None]]]


def team_heatmap(team) -> Heatmap:
    """People by skills of their roles: expected, assessed and the gap in each cell. A constant
    number of queries (people, expected levels, assessments, skills) however big the team."""
    people = list(team.select_related("user", "role_family").order_by("user__first_name", "pk"))
    families = {person.role_family_id for person in people if person.role_family_id}
    expected: dict[int, dict[int, int]] = {}
    for rs in RoleSkill.objects.filter(role_family_id__in=families):
        expected.setdefault(rs.role_family_id, {})[rs.skill_id] = rs.expected_level
    latest = _latest(_assessments([person.pk for person in people]))
    skill_ids = {skill_id for levels in expected.values() for skill_id in levels}
    skills = list(Skill.objects.filter(pk__in=skill_ids).order_by("name"))
    rows = []
    for person in people:
        wanted = expected.get(person.role_family_id, {})
        cells = [
            SkillRow(
                skill=skill,
                expected=wanted[skill.pk],
                self_level=latest.get((person.pk, skill.pk, "self")),
                manager_level=latest.get((person.pk, skill.pk, "manager")),
            )
            if skill.pk in wanted
            else None
            for skill in skills
        ]
        rows.append((person, cells))
    return Heatmap(skills=skills, people=rows)


def heatmap_team_for(user, me: Employee | None):
    """HR: everyone still employed; a manager: their reports."""
    people = Employee.objects.visible_to(user).exclude(status=Employee.Status.LEFT)
    if not user.is_hr:
        people = people.filter(manager=me)
    return people
