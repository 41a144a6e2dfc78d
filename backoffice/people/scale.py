"""Scale data for people: `employees` staff in teams of about 20, each team with a manager."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from backoffice.core.scale import (
    SCALE_EMAIL_DOMAIN,
    ScaleSizes,
    analyze,
    copy_objects,
    copy_rows,
    reserve_ids,
    scale_step,
)
from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.roles import Role

TEAM_SIZE = 20
FIRST_NAMES = [
    "Anna", "Ben", "Chloé", "Daan", "Eva", "Finn", "Gita", "Hugo", "Iris", "Jasper", "Kiki",
    "Lars", "Mila", "Noor", "Omar", "Pia", "Quinten", "Rosa", "Sem", "Tess", "Umar", "Vera",
    "Wout", "Yara", "Zoë", "Bram", "Lotte", "Milan", "Sanne", "Ahmed", "Fatima", "Jan",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos",
    "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kaya", "El Amrani", "Nguyen",
]  # fmt: skip
UNUSABLE_PASSWORD = "!scale"  # noqa: S105 - starts with "!": Django never accepts it


def person_name(rng, index: int) -> tuple[str, str]:
    return FIRST_NAMES[index % len(FIRST_NAMES)], rng.choice(LAST_NAMES)


@scale_step(name="people", order=10)
def seed_people(sizes: ScaleSizes, progress) -> str:
    """Managers (Hiring manager role) with teams of TEAM_SIZE; start dates over six years."""
    rng = sizes.random("people")
    departments = list(Department.objects.values_list("pk", flat=True))
    families = list(RoleFamily.objects.values_list("pk", flat=True))
    if not departments:
        departments = [Department.objects.get_or_create(name="Operations")[0].pk]
    count = sizes.employees
    managers = max(1, count // TEAM_SIZE)
    user_ids = reserve_ids(User, count)
    employee_ids = reserve_ids(Employee, count)
    today = timezone.localdate()
    now = timezone.now()

    def users():
        for index, pk in enumerate(user_ids):
            first, last = person_name(rng, index)
            yield {
                "id": pk,
                "password": UNUSABLE_PASSWORD,
                "first_name": first,
                "last_name": last,
                "email": f"person{pk}@{SCALE_EMAIL_DOMAIN}",
                "date_joined": now,
            }

    copy_objects(User, users())
    progress(f"{count:,} users")

    def employees():
        for index, pk in enumerate(employee_ids):
            is_manager = index < managers
            start = today - datetime.timedelta(days=rng.randint(-30, 2200))
            status = Employee.Status.PRE_START if start > today else Employee.Status.ACTIVE
            if not is_manager and rng.random() < 0.05:
                status = Employee.Status.LEFT
            yield {
                "id": pk,
                "user_id": user_ids[index],
                "department_id": departments[index % len(departments)],
                "role_family_id": families[index % len(families)] if families else None,
                "manager_id": None if is_manager else employee_ids[index % managers],
                "job_title": "Team Manager" if is_manager else "Back-office Clerk",
                "start_date": start,
                "status": status,
            }

    copy_objects(Employee, employees())
    # Everyone has the Employee role (their own onboarding, reviews); managers also hire.
    employee_group, _ = Group.objects.get_or_create(name=Role.EMPLOYEE)
    manager_group, _ = Group.objects.get_or_create(name=Role.HIRING_MANAGER)
    memberships = [(user_id, employee_group.pk) for user_id in user_ids]
    memberships += [(user_id, manager_group.pk) for user_id in user_ids[:managers]]
    copy_rows(User.groups.through, ["user_id", "group_id"], memberships)
    analyze(User, Employee)
    sizes.shared["employee_ids"] = employee_ids
    sizes.shared["manager_employee_ids"] = employee_ids[:managers]
    sizes.shared["manager_user_ids"] = user_ids[:managers]
    return f"{count:,} employees in {managers:,} teams"
