"""A small demo company with known logins (listed in the README)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.roles import Role
from backoffice.people.services import employee_create, user_create

DEMO_PASSWORD = "backoffice-demo"  # noqa: S105 - the demo logins are public, in the README

DEPARTMENTS = ["Administration", "Customer Service", "Finance", "Human Resources", "Operations"]

# email, first, last, roles, title, department, role family slug, manager email, days from today
DEMO_PEOPLE = [
    (
        "hr@example.com",
        "Hannah",
        "Reyes",
        [Role.HR],
        "HR Manager",
        "Human Resources",
        "hr-coordinator",
        None,
        -900,
    ),
    (
        "manager@example.com",
        "Marcus",
        "Bell",
        [Role.HIRING_MANAGER, Role.INTERVIEWER],
        "Finance Manager",
        "Finance",
        "bookkeeper",
        None,
        -1400,
    ),
    (
        "manager2@example.com",
        "Priya",
        "Shah",
        [Role.HIRING_MANAGER, Role.INTERVIEWER],
        "Operations Manager",
        "Operations",
        "office-manager",
        None,
        -1100,
    ),
    (
        "interviewer@example.com",
        "Olivia",
        "Grant",
        [Role.INTERVIEWER],
        "Senior Bookkeeper",
        "Finance",
        "bookkeeper",
        "manager@example.com",
        -700,
    ),
    (
        "interviewer2@example.com",
        "Tomás",
        "Alvarez",
        [Role.INTERVIEWER],
        "Customer Service Lead",
        "Customer Service",
        "customer-service-representative",
        "manager2@example.com",
        -600,
    ),
    (
        "employee@example.com",
        "Ella",
        "Novak",
        [],
        "Data-Entry Clerk",
        "Operations",
        "data-entry-clerk",
        "manager2@example.com",
        -300,
    ),
    (
        "employee2@example.com",
        "Samuel",
        "Okafor",
        [],
        "Accounts Payable Clerk",
        "Finance",
        "accounts-payable-receivable-clerk",
        "manager@example.com",
        -420,
    ),
    (
        "employee3@example.com",
        "Grace",
        "Liu",
        [],
        "Receptionist",
        "Administration",
        "receptionist",
        "manager2@example.com",
        -200,
    ),
    (
        "it@example.com",
        "Ivan",
        "Petrov",
        [Role.IT],
        "IT Support Specialist",
        "Operations",
        "office-manager",
        "manager2@example.com",
        -800,
    ),
    (
        "newhire@example.com",
        "Noah",
        "Kim",
        [],
        "Payroll Clerk",
        "Finance",
        "payroll-clerk",
        "manager@example.com",
        7,
    ),
]


def _describe(roles: list[str], title: str, offset: int) -> str:
    held = ", ".join(role for role in roles if role != Role.EMPLOYEE) or "Employee"
    return f"{held}; {title}" + (f", starts in {offset} days" if offset > 0 else "")


# (email, what the login shows) for the command's closing message and the README.
DEMO_LOGINS = [(row[0], _describe(row[3], row[4], row[8])) for row in DEMO_PEOPLE]


def _person(row, today: datetime.date, employees: dict[str, Employee]) -> None:
    email, first, last, roles, title, department, family, manager, offset = row
    if User.objects.filter(email=email).exists():
        employees[email] = Employee.objects.get(user__email=email)
        return
    user = user_create(
        email=email, first_name=first, last_name=last, password=DEMO_PASSWORD, roles=roles
    )
    start = today + datetime.timedelta(days=offset)
    employees[email] = employee_create(
        user=user,
        job_title=title,
        start_date=start,
        department=Department.objects.get(name=department),
        role_family=RoleFamily.objects.get(slug=family),
        manager=employees.get(manager) if manager else None,
        status=Employee.Status.PRE_START if start > today else Employee.Status.ACTIVE,
    )


@demo_step(name="people", order=10)
@transaction.atomic
def seed_people() -> str:
    for name in DEPARTMENTS:
        Department.objects.get_or_create(name=name)
    today = timezone.localdate()
    employees: dict[str, Employee] = {}
    for row in DEMO_PEOPLE:
        _person(row, today, employees)
    return f"{len(DEMO_PEOPLE)} people in {len(DEPARTMENTS)} departments"


@demo_step(name="a leaver", order=80)
def seed_leaver() -> str:
    """Grace (receptionist) leaves in three weeks: her offboarding and questionnaire are open."""
    from backoffice.people.models import Leaving, LeavingReason
    from backoffice.people.services import leaving_record

    grace = Employee.objects.filter(user__email="employee3@example.com").first()
    hr = User.objects.filter(email="hr@example.com").first()
    if grace is None or hr is None or Leaving.objects.filter(employee=grace).exists():
        return "already there"
    leaving_record(
        employee=grace,
        last_day=timezone.localdate() + datetime.timedelta(days=21),
        is_voluntary=True,
        reason=LeavingReason.objects.get(name="Career move or promotion elsewhere"),
        is_regrettable=True,
        is_rehire_eligible=True,
        by=hr,
    )
    return "Grace Liu leaves in three weeks"
