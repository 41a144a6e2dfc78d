from __future__ import annotations

import datetime

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Lower
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from backoffice.core.text import validate_single_line
from backoffice.people.roles import Role

# A bit per role, so that the signed-in user arrives with their roles in one query.
ROLE_BITS = {role.value: 1 << position for position, role in enumerate(Role)}


class UserQuerySet(models.QuerySet):
    def with_role_names(self) -> UserQuerySet:
        """Annotate `role_bits`, the sum of ROLE_BITS over the user's groups (a user is in a
        group once). One subquery: five EXISTS, one per role, cost PostgreSQL 1 ms to plan
        on every request, this one 0.2 ms (issue 22)."""
        bits = Case(
            *(When(group__name=name, then=Value(bit)) for name, bit in ROLE_BITS.items()),
            default=Value(0),
        )
        memberships = (
            User.groups.through.objects.filter(user_id=OuterRef("pk"))
            .order_by()
            .values("user_id")
            .annotate(bits=Sum(bits))
            .values("bits")
        )
        return self.annotate(role_bits=Subquery(memberships, output_field=IntegerField()))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # Addresses are compared case-insensitively everywhere, so store them lowered.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email=self.normalize_email(email))

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in, by email address. Their roles are Django Groups."""

    username = None
    email = models.EmailField("email address", unique=True)
    # Names go into email subjects and headers: one line each.
    first_name = models.CharField(
        "first name", max_length=150, blank=True, validators=[validate_single_line]
    )
    last_name = models.CharField(
        "last name", max_length=150, blank=True, validators=[validate_single_line]
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()
    # The audit trail never keeps password hashes.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "email"]
        indexes = [
            # Lists of people by name (the training matrix, team metrics: 50,000 employees at
            # scale) read their page in this order instead of sorting everyone.
            models.Index(fields=["first_name", "last_name", "id"], name="people_user_by_name"),
        ]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="people_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    @property
    def role_list(self) -> list[str]:
        """The role names in a stable order, for showing (a set's order differs per process)."""
        return sorted(self.role_names)

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's role (group) names, read once per request."""
        if not self.is_active:
            return frozenset()
        if "role_bits" in self.__dict__:  # loaded by with_role_names()
            bits = self.__dict__["role_bits"] or 0
            return frozenset(name for name, bit in ROLE_BITS.items() if bits & bit)
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        if self.is_active and self.is_superuser:
            return True
        return bool(self.role_names.intersection(roles))

    @property
    def is_hr(self) -> bool:
        return self.has_role(Role.HR)


class RoleFamily(models.Model):
    """A kind of back-office job: data-entry clerk, bookkeeper, receptionist, …"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "role families"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    name = models.CharField(max_length=100, unique=True, validators=[validate_single_line])
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def visible_to(self, user) -> EmployeeQuerySet:
        """HR sees everyone; anyone else sees themselves and their direct reports."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(user=user) | Q(manager__user=user))

    def with_relations(self) -> EmployeeQuerySet:
        return self.select_related("user", "department", "role_family", "manager__user")


class Employee(models.Model):
    class Status(models.TextChoices):
        PRE_START = "pre_start", "Pre-start"
        ACTIVE = "active", "Active"
        ON_LEAVE = "on_leave", "On leave"
        # Their leaving is recorded; they still work until the end of their last day.
        LEAVING = "leaving", "Leaving"
        LEFT = "left", "Left"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="employee")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="employees", null=True, blank=True
    )
    job_title = models.CharField(max_length=150, validators=[validate_single_line])
    role_family = models.ForeignKey(
        RoleFamily, on_delete=models.PROTECT, related_name="employees", null=True, blank=True
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, related_name="reports", null=True, blank=True
    )
    start_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PRE_START)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        indexes = [
            models.Index(fields=["status", "start_date"]),
            # Newest starters first (the onboarding board, HR's home panel): with it PostgreSQL
            # reads the first page's rows in order instead of sorting every plan at scale.
            models.Index(fields=["-start_date"], name="people_employee_newest"),
            # The newest change, read by the team metrics' cache fingerprint.
            models.Index(fields=["updated_at"], name="people_employee_changed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(manager=models.F("id")), name="people_employee_not_own_manager"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def name(self) -> str:
        return str(self.user)


class CompanyClosure(models.Model):
    """Days the whole company is closed (a shutdown, a local holiday): not working days.

    Public holidays come from the `holidays` library (HOLIDAYS_COUNTRY); these are the company's
    own. See backoffice/core/calendar.py.
    """

    name = models.CharField(max_length=100, help_text="E.g. “Christmas shutdown”.")
    first_day = models.DateField()
    last_day = models.DateField(help_text="The same as the first day for a single day.")

    class Meta:
        ordering = ["-first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="people_closure_runs_forwards",
            ),
        ]

    def __str__(self) -> str:
        if self.first_day == self.last_day:
            return f"{self.name} ({self.first_day:%-d %b %Y})"
        return f"{self.name} ({self.first_day:%-d %b %Y} to {self.last_day:%-d %b %Y})"

    def clean(self) -> None:
        super().clean()
        if self.first_day and self.last_day:
            if self.last_day < self.first_day:
                raise ValidationError({"last_day": "The last day cannot be before the first."})
            if (self.last_day - self.first_day).days > 366:
                raise ValidationError({"last_day": "A closure lasts at most a year."})


class LeavingReason(models.Model):
    """HR's list of reasons people leave (better pay, relocation, performance, …)."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_single_line])
    is_voluntary = models.BooleanField(
        default=True, help_text="The usual kind of leaving for this reason (a default on the form)."
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class LeavingQuerySet(models.QuerySet):
    def visible_to(self, user) -> LeavingQuerySet:
        """Who leaves is HR's record; a manager sees their own reports' leavings."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(employee__manager__user=user)


class Leaving(models.Model):
    """That an employee leaves: recorded by HR; access ends at the end of `last_day`."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="leaving")
    last_day = models.DateField()
    is_voluntary = models.BooleanField("voluntary", default=True)
    reason = models.ForeignKey(LeavingReason, on_delete=models.PROTECT, related_name="leavings")
    is_regrettable = models.BooleanField("regrettable", default=False)
    is_rehire_eligible = models.BooleanField("eligible for rehire", default=True)
    notes = models.TextField(blank=True, help_text="HR's own notes; the leaver never sees them.")
    exit_questionnaire = models.BooleanField("ask for an exit questionnaire", default=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the account was switched off (the day after the last day).
    access_ended_at = models.DateTimeField(null=True, blank=True)
    # The employee's status before the leaving was recorded: what a cancelled leaving restores.
    status_before = models.CharField(
        max_length=20, choices=Employee.Status, default=Employee.Status.ACTIVE, editable=False
    )

    objects = LeavingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_day", "pk"]
        indexes = [models.Index(fields=["last_day"])]

    def __str__(self) -> str:
        return f"{self.employee} leaves on {self.last_day:%-d %b %Y}"

    @property
    def kind_label(self) -> str:
        return "Voluntary" if self.is_voluntary else "Involuntary"

    def can_change(self, today: datetime.date) -> bool:
        """Pure rule: HR may move the last day or cancel the leaving until the last day ends."""
        return self.access_ended_at is None and today <= self.last_day


class ExitAnswer(models.Model):
    """The leaver's exit questionnaire: seen by HR only (never by the manager)."""

    class Rating(models.IntegerChoices):
        VERY_POOR = 1, "Very poor"
        POOR = 2, "Poor"
        FAIR = 3, "Fair"
        GOOD = 4, "Good"
        VERY_GOOD = 5, "Very good"

    leaving = models.OneToOneField(Leaving, on_delete=models.CASCADE, related_name="exit_answer")
    main_reason = models.TextField("what made you decide to leave?")
    manager_support = models.PositiveSmallIntegerField(
        "how well did your manager support you?", choices=Rating
    )
    growth = models.PositiveSmallIntegerField(
        "how were your chances to learn and grow?", choices=Rating
    )
    would_recommend = models.BooleanField("would you recommend us as a place to work?")
    could_have_kept_you = models.TextField("what could we have done to keep you?", blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Exit questionnaire of {self.leaving.employee}"


class HireSignal(models.Model):
    """A signal recorded at the hire (a scorecard score, a test result), for the hiring report.

    Written by recruiting when someone is hired; read by the hiring signals report.
    """

    class Kind(models.TextChoices):
        CRITERION = "criterion", "Scorecard criterion"
        SECTION = "section", "Scorecard section"
        RECOMMENDATION = "recommendation", "Overall recommendation"
        TEST = "test", "Data-entry test"

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="hire_signals")
    kind = models.CharField(max_length=20, choices=Kind)
    name = models.CharField(max_length=200)
    value = models.FloatField()
    # Who gave the score (a criterion's rating by one interviewer); empty for averages and tests.
    interviewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["employee", "kind", "name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.value:g}"
