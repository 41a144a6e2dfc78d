"""Checklist templates (HR's recipes) and each employee's plan copied from them."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from backoffice.people.roles import Role


class ItemKind(models.TextChoices):
    POLICY = "policy", "Acknowledge a policy"
    TRAINING = "training", "Complete a training"
    UPLOAD = "upload", "Upload a document"
    TASK = "task", "Task"


class ItemOwner(models.TextChoices):
    NEW_HIRE = "new_hire", "New hire"
    MANAGER = "manager", "Manager"
    HR = "hr", "HR"
    # Done by members of the IT role (accounts, equipment), not by HR.
    IT = "it", "IT"


# What only the person themselves can do: accept a policy, complete a training (and its quiz).
PERSONAL_KINDS = frozenset({ItemKind.POLICY, ItemKind.TRAINING})


def _kind_constraints(prefix: str) -> list[models.CheckConstraint]:
    """A policy item names a policy, a training item a training, and nothing else names either."""
    return [
        models.CheckConstraint(
            condition=Q(kind=ItemKind.POLICY, policy__isnull=False)
            | (~Q(kind=ItemKind.POLICY) & Q(policy__isnull=True)),
            name=f"{prefix}_policy_iff_policy_kind",
        ),
        models.CheckConstraint(
            condition=Q(kind=ItemKind.TRAINING, training__isnull=False)
            | (~Q(kind=ItemKind.TRAINING) & Q(training__isnull=True)),
            name=f"{prefix}_training_iff_training_kind",
        ),
    ]


class ChecklistTemplate(models.Model):
    """Items for new hires (or leavers) of a role family and/or department; neither = everyone."""

    class Purpose(models.TextChoices):
        ONBOARDING = "onboarding", "Onboarding (due dates from the start date)"
        OFFBOARDING = "offboarding", "Offboarding (due dates from the last day)"

    name = models.CharField(max_length=150, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose, default=Purpose.ONBOARDING)
    role_family = models.ForeignKey(
        "people.RoleFamily", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "people.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def matches(self, employee) -> bool:
        return (self.role_family_id in (None, employee.role_family_id)) and (
            self.department_id in (None, employee.department_id)
        )


class TemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ItemKind, default=ItemKind.TASK)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=20, choices=ItemOwner, default=ItemOwner.NEW_HIRE)
    due_offset_days = models.SmallIntegerField(
        default=0,
        help_text="Days from the start date (negative: before day one); for an offboarding "
        "template, days from the last day (negative: before it).",
    )
    policy = models.ForeignKey(
        "onboarding.Policy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    training = models.ForeignKey(
        "onboarding.TrainingModule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    depends_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "order", "pk"]
        constraints = [
            *_kind_constraints("onboarding_templateitem"),
            models.CheckConstraint(
                condition=~Q(depends_on=models.F("pk")), name="onboarding_templateitem_not_self"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        """HR sees every plan; an employee their own; a manager their direct reports'."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(employee__manager__user=user))


class OnboardingPlan(models.Model):
    """One per employee: their onboarding items, and later recertifications and new policies."""

    employee = models.OneToOneField(
        "people.Employee", on_delete=models.CASCADE, related_name="onboarding_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the checklist templates were copied in; a plan made first for a policy update or a
    # recertification gets its templates on the hire.
    templates_applied_at = models.DateTimeField(null=True, blank=True)
    # The first time every item was done; later additions do not undo an onboarding.
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Onboarding of {self.employee}"


class PlanItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanItemQuerySet:
        """Items of the plans the user may see (HR: all; own plan; direct reports' plans).

        Members of IT also see every item owned by IT, which they do.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        seen = Q(plan__employee__user=user) | Q(plan__employee__manager__user=user)
        if user.has_role(Role.IT):
            seen |= Q(owner=ItemOwner.IT)
        return self.filter(seen)

    def open(self) -> PlanItemQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, today: datetime.date) -> PlanItemQuerySet:
        return self.open().filter(due_date__lt=today)


def upload_path(instance: PlanItem, filename: str) -> str:
    # A random name: the original is kept in upload_name, never used on disk.
    return f"onboarding/uploads/{uuid.uuid4().hex}"


class PlanItem(models.Model):
    """A copy of a template item with a real due date, so template edits don't rewrite plans."""

    class Origin(models.TextChoices):
        TEMPLATE = "template", "Checklist template"
        POLICY_UPDATE = "policy_update", "New policy version"
        RECERTIFICATION = "recertification", "Recertification"
        OFFBOARDING = "offboarding", "Offboarding"
        DEVELOPMENT = "development", "Development plan"

    plan = models.ForeignKey(OnboardingPlan, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(
        TemplateItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_items"
    )
    origin = models.CharField(max_length=20, choices=Origin, default=Origin.TEMPLATE)
    # Where the item came from, in words, when the origin alone says too little
    # ("Development plan: Spreadsheets").
    origin_note = models.CharField(max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=ItemKind)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=20, choices=ItemOwner)
    due_date = models.DateField()
    policy = models.ForeignKey(
        "onboarding.Policy", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    training = models.ForeignKey(
        "onboarding.TrainingModule",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    depends_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledgement = models.ForeignKey(
        "onboarding.PolicyAcknowledgement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    training_completion = models.ForeignKey(
        "onboarding.TrainingCompletion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    upload = models.FileField(upload_to=upload_path, blank=True)
    upload_name = models.CharField(max_length=255, blank=True)
    upload_content_type = models.CharField(max_length=100, blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "order", "pk"]
        indexes = [
            models.Index(fields=["plan", "due_date"]),
            models.Index(fields=["due_date"], condition=Q(done_at__isnull=True), name="onb_open"),
        ]
        constraints = _kind_constraints("onboarding_planitem")

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def origin_label(self) -> str:
        """What the item's lists say of where it came from beyond onboarding ("Development
        plan: Spreadsheets"); empty for onboarding's own items."""
        if self.origin_note:
            return self.origin_note
        if self.origin == self.Origin.DEVELOPMENT:
            return self.get_origin_display()
        return ""

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_at is None and self.due_date < today

    @property
    def is_personal(self) -> bool:
        """An acknowledgement or a training: nobody can do it for the person."""
        return self.kind in PERSONAL_KINDS

    def owner_user_ids(self) -> set[int]:
        """The people whose own work this item is (needs plan.employee.manager loaded).

        Empty for HR's and IT's items: those belong to whoever holds the role.
        """
        employee = self.plan.employee
        if self.owner == ItemOwner.NEW_HIRE:
            return {employee.user_id}
        if self.owner == ItemOwner.MANAGER and employee.manager_id:
            return {employee.manager.user_id}
        return set()

    def is_owned_by(self, user) -> bool:
        """Whether this is `user`'s own work (not done on someone's behalf)."""
        if not user.is_authenticated or not user.is_active:
            return False
        if self.owner == ItemOwner.HR:
            return user.has_role(Role.HR)
        if self.owner == ItemOwner.IT:
            return user.has_role(Role.IT)
        return user.pk in self.owner_user_ids()

    def can_complete(self, user) -> bool:
        """Pure rule: a policy or a training only by the person; IT's items only by IT;
        anything else by its owner, or by HR on the owner's behalf (recorded as such)."""
        if not user.is_authenticated or not user.is_active:
            return False
        if self.is_personal:
            return user.pk == self.plan.employee.user_id
        if self.owner == ItemOwner.IT:
            return user.has_role(Role.IT)
        return self.is_owned_by(user) or user.has_role(Role.HR)

    def can_be_marked_done_by_hr(self) -> bool:
        """HR's correction ("done on paper") never stands in for an acceptance or a quiz."""
        if self.kind == ItemKind.POLICY:
            return False
        return not (self.kind == ItemKind.TRAINING and self.training and self.training.has_quiz)


class PlanItemEvent(models.Model):
    """The audit of a plan: what happened to which item, when and by whom."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        DONE = "done", "Done"
        MARKED_DONE = "marked_done", "Marked done on the owner's behalf"
        DUE_EXTENDED = "due_extended", "Due date extended"
        UPDATED = "updated", "Updated from the template"
        RESCHEDULED = "rescheduled", "Due date moved with the last day"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.item}"
