"""Every write to people, roles and employees."""

from __future__ import annotations

import datetime
import uuid
from importlib import import_module

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backoffice.core.errors import DomainError
from backoffice.core.text import single_line
from backoffice.people.models import (
    Department,
    Employee,
    ExitAnswer,
    Leaving,
    LeavingReason,
    RoleFamily,
    User,
)
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


EMPLOYEE_LEAVING_EVENT = "employee_leaving"
EMPLOYEE_LEAVING_MOVED_EVENT = "employee_leaving_moved"
EMPLOYEE_LEAVING_CANCELLED_EVENT = "employee_leaving_cancelled"


@transaction.atomic
def leaving_record(
    *,
    employee: Employee,
    last_day: datetime.date,
    is_voluntary: bool,
    reason: LeavingReason,
    by: User,
    is_regrettable: bool = False,
    is_rehire_eligible: bool = True,
    notes: str = "",
    exit_questionnaire: bool = True,
) -> Leaving:
    """HR records that `employee` leaves; their status becomes "leaving" until the last day.

    Only HR records a leaving, once per employee, for someone who has not left, with a last
    day no earlier than their start. The domain apps hear of it through the outbox event
    `employee_leaving` (onboarding makes the offboarding checklist), in this transaction.
    """
    from backoffice.notifications.services.outbox import outbox_event

    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can record that someone leaves.")
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status in (Employee.Status.LEAVING, Employee.Status.LEFT):
        raise DomainError(f"{employee}'s leaving is already recorded.")
    if last_day < employee.start_date:
        raise DomainError("The last day cannot be before the start date.")
    if not reason.is_active:
        raise DomainError("This reason is no longer in use; choose another.")
    leaving = Leaving.objects.create(
        employee=employee,
        last_day=last_day,
        is_voluntary=is_voluntary,
        reason=reason,
        is_regrettable=is_regrettable,
        is_rehire_eligible=is_rehire_eligible,
        notes=notes,
        exit_questionnaire=exit_questionnaire,
        recorded_by=by,
        status_before=employee.status,
    )
    employee.status = Employee.Status.LEAVING
    employee.save(update_fields=["status", "updated_at"])
    outbox_event(
        # Per leaving: a leaving cancelled and recorded again is a new event.
        key=f"people.employee_leaving:{leaving.pk}",
        name=EMPLOYEE_LEAVING_EVENT,
        payload={
            "employee_id": employee.pk,
            "leaving_id": leaving.pk,
            "last_day": last_day.isoformat(),
            "recorded_by_id": by.pk,
        },
    )
    return leaving


def _leaving_lock_changeable(leaving: Leaving, *, by: User, today: datetime.date) -> Leaving:
    if not (by.is_active and by.is_hr):
        raise PermissionDenied("Only HR can change a recorded leaving.")
    locked = (
        Leaving.objects.select_for_update().select_related("employee").filter(pk=leaving.pk).first()
    )
    if locked is None:
        raise DomainError("This leaving is no longer recorded: it was cancelled.")
    if not locked.can_change(today):
        raise DomainError(f"{locked.employee} has already left; the leaving can no longer change.")
    return locked


@transaction.atomic
def leaving_last_day_change(
    *, leaving: Leaving, last_day: datetime.date, by: User, today: datetime.date | None = None
) -> Leaving:
    """HR moves the last day of a leaving that has not ended yet, to today or later.

    Access ends after the new day, the exit questionnaire stays open until it, and onboarding
    moves the offboarding checklist's due dates (event `employee_leaving_moved`, which reads
    the current last day, so events delivered out of order still end right). The same day
    again changes nothing (a double submit).
    """
    today = today or timezone.localdate()
    leaving = _leaving_lock_changeable(leaving, by=by, today=today)
    if last_day == leaving.last_day:
        return leaving
    if last_day < today:
        raise DomainError("The new last day cannot be in the past.")
    if last_day < leaving.employee.start_date:
        raise DomainError("The last day cannot be before the start date.")
    leaving.last_day = last_day
    leaving._history_user = by
    leaving.save(update_fields=["last_day"])
    # Each move is its own event (A to B, back to A, to B again: three events).
    key = f"people.{EMPLOYEE_LEAVING_MOVED_EVENT}:{leaving.pk}:{uuid.uuid4().hex}"
    _leaving_event(EMPLOYEE_LEAVING_MOVED_EVENT, key=key, leaving=leaving, by=by)
    return leaving


@transaction.atomic
def leaving_cancel(*, leaving: Leaving, by: User, today: datetime.date | None = None) -> Employee:
    """HR cancels a recorded leaving before its last day has ended: the person stays.

    The leaving is deleted (its audit history keeps who cancelled it and when) with its exit
    answers, so the exit link and the questionnaire stop working and the access-ending sweep
    no longer sees it; the employee's status goes back to what it was before. Onboarding
    removes the offboarding checklist on the `employee_leaving_cancelled` event. The row lock
    is the sweep's, so a cancel and the sweep never both act; a second cancel finds nothing.
    """
    today = today or timezone.localdate()
    leaving = _leaving_lock_changeable(leaving, by=by, today=today)
    employee = Employee.objects.select_for_update().get(pk=leaving.employee_id)
    if employee.status == Employee.Status.LEAVING:
        employee.status = leaving.status_before
        employee.save(update_fields=["status", "updated_at"])
    leaving_id = leaving.pk
    leaving._history_user = by
    leaving.delete()
    leaving.pk = leaving_id
    key = f"people.{EMPLOYEE_LEAVING_CANCELLED_EVENT}:{leaving_id}"
    _leaving_event(EMPLOYEE_LEAVING_CANCELLED_EVENT, key=key, leaving=leaving, by=by)
    return employee


def _leaving_event(name: str, *, key: str, leaving: Leaving, by: User) -> None:
    from backoffice.notifications.services.outbox import outbox_event

    # The handlers read the state they find, not the payload: late or reordered events agree.
    outbox_event(
        key=key,
        name=name,
        payload={
            "employee_id": leaving.employee_id,
            "leaving_id": leaving.pk,
            "last_day": leaving.last_day.isoformat(),
            "by_id": by.pk,
        },
    )


def exit_answer_can_submit(leaving: Leaving, *, today: datetime.date | None = None) -> bool:
    """The questionnaire is open to the leaver until the end of their last day, once."""
    today = today or timezone.localdate()
    return (
        leaving.exit_questionnaire
        and leaving.access_ended_at is None
        and today <= leaving.last_day
        and not ExitAnswer.objects.filter(leaving=leaving).exists()
    )


@transaction.atomic
def exit_answer_submit(*, leaving: Leaving, answers: dict) -> ExitAnswer:
    """The leaver's own answers (through their account or their signed link), given once."""
    leaving = Leaving.objects.select_for_update().get(pk=leaving.pk)
    if not exit_answer_can_submit(leaving):
        raise DomainError("The exit questionnaire is closed.")
    return ExitAnswer.objects.create(leaving=leaving, **answers)


def _sessions_end(user_ids: set[int]) -> int:
    """Delete the live sessions of these users (sessions are stored in the database)."""
    if not user_ids:
        return 0
    wanted = {str(user_id) for user_id in user_ids}
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(2000):
        if str(session.get_decoded().get("_auth_user_id")) in wanted:
            doomed.append(session.pk)
    Session.objects.filter(pk__in=doomed).delete()
    # With the cached_db engine (CACHE_URL set) each session has a copy in the cache too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    prefix = getattr(store, "cache_key_prefix", None)
    if doomed and prefix:
        caches[settings.SESSION_CACHE_ALIAS].delete_many([prefix + key for key in doomed])
    return len(doomed)


def leavers_access_end_due(*, today: datetime.date | None = None) -> int:
    """Beat's sweep: everyone whose last day has passed has left; their sign-in stops.

    Each leaver is switched off in their own transaction (status left, account inactive), so a
    crash half way leaves the rest for the next sweep; their sessions are then deleted. Returns
    how many leavers were switched off.
    """
    today = today or timezone.localdate()
    due = list(
        Leaving.objects.filter(last_day__lt=today, access_ended_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    ended_user_ids = set()
    for leaving_id in due:
        with transaction.atomic():
            leaving = (
                Leaving.objects.select_for_update()
                .select_related("employee__user")
                .filter(pk=leaving_id, access_ended_at__isnull=True)
                .first()
            )
            if leaving is None:
                continue
            employee, user = leaving.employee, leaving.employee.user
            employee.status = Employee.Status.LEFT
            employee.save(update_fields=["status", "updated_at"])
            user.is_active = False
            user.save(update_fields=["is_active"])
            leaving.access_ended_at = timezone.now()
            leaving.save(update_fields=["access_ended_at"])
            _employee_left_event(employee=employee, leaving=leaving)
            ended_user_ids.add(user.pk)
    _sessions_end(ended_user_ids)
    return len(ended_user_ids)


def _employee_left_event(*, employee: Employee, leaving: Leaving) -> None:
    """For other systems (webhooks): the leaver is gone, once per employee."""
    from backoffice.notifications.services.outbox import outbox_event

    outbox_event(
        key=f"people.employee_left:{employee.pk}",
        name="employee_left",
        payload={
            "employee_id": employee.pk,
            "leaving_id": leaving.pk,
            "last_day": leaving.last_day,
            "is_voluntary": leaving.is_voluntary,
        },
    )


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
