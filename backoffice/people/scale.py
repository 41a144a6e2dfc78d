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
    indexes_deferred,
    reserve_ids,
    scale_step,
)
from backoffice.people.models import (
    Department,
    Employee,
    HireSignal,
    Leaving,
    LeavingReason,
    RoleFamily,
    User,
)
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


@scale_step(name="leavers", order=15)
def seed_leavers(sizes: ScaleSizes, progress) -> str:
    """A recorded leaving (last day, reason, voluntary or not) for everyone generated as left."""
    rng = sizes.random("leavers")
    today = timezone.localdate()
    now = timezone.now()
    reasons = list(LeavingReason.objects.values_list("pk", "is_voluntary"))
    left = list(
        Employee.objects.filter(
            pk__in=sizes.shared.get("employee_ids", []),
            status=Employee.Status.LEFT,
            leaving__isnull=True,
        ).values_list("pk", "start_date")
    )
    ids = reserve_ids(Leaving, len(left))

    def rows():
        for pk, (employee_id, start) in zip(ids, left, strict=True):
            span = max((today - start).days - 1, 0)
            # Early leavers are common: a third leave in their first year.
            days = rng.randint(0, min(span, 365)) if rng.random() < 0.35 else rng.randint(0, span)
            reason_id, voluntary = rng.choice(reasons)
            yield {
                "id": pk,
                "employee_id": employee_id,
                "last_day": start + datetime.timedelta(days=days),
                "is_voluntary": voluntary,
                "reason_id": reason_id,
                "is_regrettable": rng.random() < 0.3,
                "is_rehire_eligible": voluntary,
                "notes": "",
                "exit_questionnaire": False,
                "recorded_at": now,
                "recorded_by_id": None,
                "access_ended_at": now,
            }

    copy_objects(Leaving, rows())
    analyze(Leaving)
    return f"{len(left):,} leavers with their leaving recorded"


SIGNAL_CRITERIA = [
    ("Data-entry accuracy", "skills"), ("Record keeping", "skills"),
    ("Spreadsheets and office software", "skills"), ("Communication", "culture"),
    ("Problem solving", "culture"), ("Teamwork", "culture"), ("Adaptability", "culture"),
    ("Alignment with company values", "culture"),
]  # fmt: skip
HIRE_SIGNAL_SHARE = 0.4


@scale_step(name="hire signals", order=16)
def seed_hire_signals(sizes: ScaleSizes, progress) -> str:
    """Hire-time signals for HIRE_SIGNAL_SHARE of the employees (as if hired through the app),
    with two interviewers' ratings each: what the hiring signals report reads."""
    rng = sizes.random("hire signals")
    employee_ids = sizes.shared.get("employee_ids", [])
    interviewers = sizes.shared.get("manager_user_ids", [])[:50] or [None]
    hires = [pk for pk in employee_ids if rng.random() < HIRE_SIGNAL_SHARE]
    Kind = HireSignal.Kind

    def rows():
        for employee_id in hires:
            ratings = {name: rng.randint(1, 4) for name, _section in SIGNAL_CRITERIA}
            for name, value in ratings.items():
                yield (employee_id, Kind.CRITERION, name, value, None)
            for section, label in (
                ("skills", "Skills section"),
                ("culture", "Culture fit and soft skills section"),
            ):
                values = [ratings[name] for name, part in SIGNAL_CRITERIA if part == section]
                yield (employee_id, Kind.SECTION, label, sum(values) / len(values), None)
            yield (
                employee_id,
                Kind.RECOMMENDATION,
                "Overall recommendation",
                rng.randint(1, 4),
                None,
            )
            yield (
                employee_id,
                Kind.TEST,
                "Data-entry test accuracy (%)",
                rng.randint(70, 100),
                None,
            )
            yield (
                employee_id,
                Kind.TEST,
                "Data-entry test speed (records per hour)",
                rng.randint(20, 90),
                None,
            )
            for interviewer_id in rng.sample(interviewers, min(2, len(interviewers))):
                for name, value in ratings.items():
                    yield (employee_id, Kind.CRITERION, name, value, interviewer_id)

    with indexes_deferred(HireSignal):
        written = copy_rows(
            HireSignal, ["employee_id", "kind", "name", "value", "interviewer_id"], rows()
        )
    return f"{written:,} hire signals of {len(hires):,} hires"
