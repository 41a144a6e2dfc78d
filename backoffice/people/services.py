"""Every write to people, roles and employees."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backoffice.core.text import single_line
from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.roles import ROLE_PERMISSIONS, Role


def _permissions_for(patterns: list[str]) -> list[Permission]:
    permissions = Permission.objects.select_related("content_type")
    by_key = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    chosen: dict[int, Permission] = {}
    for pattern in patterns:
        if pattern.endswith(".*"):
            app_label = pattern[:-2]
            for key, permission in by_key.items():
                if key.split(".", 1)[0] == app_label:
                    chosen[permission.pk] = permission
        elif pattern in by_key:
            chosen[by_key[pattern].pk] = by_key[pattern]
    return list(chosen.values())


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and set their permissions; safe to run any number of times.

    Permissions of apps that have no models yet are skipped, and granted on the next run.
    """
    counts = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = _permissions_for(ROLE_PERMISSIONS[role])
        group.permissions.set(permissions)
        counts[role.value] = len(permissions)
    return counts


def _groups(roles: list[str] | tuple[str, ...]) -> list[Group]:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    return [Group.objects.get_or_create(name=role)[0] for role in roles]


def roles_grant(*, user: User, roles: list[str] | tuple[str, ...]) -> None:
    user.groups.add(*_groups(roles))


@transaction.atomic
def user_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None = None,
    roles: list[str] | tuple[str, ...] = (),
    is_staff: bool = False,
) -> User:
    """Create a sign-in; without a password the account can only be entered by a reset.

    Names are kept on one line whatever the caller passes (they go into email headers).
    """
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=single_line(first_name),
        last_name=single_line(last_name),
        is_staff=is_staff or Role.HR in roles,
    )
    user.groups.set(_groups(roles))
    return user


@transaction.atomic
def employee_create(
    *,
    user: User,
    job_title: str,
    start_date: datetime.date,
    department: Department | None = None,
    role_family: RoleFamily | None = None,
    manager: Employee | None = None,
    status: str = Employee.Status.PRE_START,
) -> Employee:
    """Make `user` an employee; everyone employed holds the Employee role."""
    employee = Employee.objects.create(
        user=user,
        job_title=single_line(job_title),
        start_date=start_date,
        department=department,
        role_family=role_family,
        manager=manager,
        status=status,
    )
    roles_grant(user=user, roles=[Role.EMPLOYEE])
    return employee


@transaction.atomic
def employee_activate(*, employee: Employee) -> Employee:
    """Move a pre-start employee to active (e.g. when their onboarding is complete).

    Only a pre-start employee can be activated this way; an active one is returned unchanged.
    """
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status == Employee.Status.ACTIVE:
        return employee
    if employee.status != Employee.Status.PRE_START:
        raise ValueError(f"A {employee.get_status_display().lower()} employee cannot be activated.")
    employee.status = Employee.Status.ACTIVE
    employee.save(update_fields=["status", "updated_at"])
    return employee


# The reset email's templates: subject, plain text, HTML.
RESET_EMAIL_TEMPLATES = (
    "registration/password_reset_subject.txt",
    "registration/password_reset_email.txt",
    "registration/password_reset_email.html",
)


def password_reset_email_send(*, user_id: int) -> bool:
    """Email the user a fresh link to choose a new password; False if they cannot sign in.

    Runs in a task, not in the request: the reset page answers at once whether or not the
    address has an account, and a slow mail server holds up no web worker. The link's token is
    made here, so it never sits in the broker's queue.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return False
    context = {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "site_url": settings.SITE_URL,
        "site_name": settings.SITE_NAME,
        "domain": settings.SITE_URL.split("://", 1)[-1],
        "protocol": settings.SITE_URL.split("://", 1)[0],
    }
    subject, text, html = RESET_EMAIL_TEMPLATES
    PasswordResetForm().send_mail(
        subject, text, context, None, user.email, html_email_template_name=html
    )
    return True
