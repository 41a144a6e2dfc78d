"""Development plans: items a person and their manager agree, each linked to a skill."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from backoffice.people.models import Employee
from performance.models.skills import Skill, level_validators


class DevelopmentItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> DevelopmentItemQuerySet:
        """The person, their manager and HR."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(employee__manager__user=user))


class DevelopmentItem(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", "Training from the catalogue"
        SHADOWING = "shadowing", "Shadowing a colleague"
        STRETCH = "stretch", "Stretch task"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        DONE = "done", "Done, to confirm"
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True, max_length=2000)
    # Onboarding's training module (through backoffice.core.trainings): no FK across apps.
    training_id = models.PositiveIntegerField(null=True, blank=True)
    due_on = models.DateField()
    raises_to = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=level_validators,
        help_text="The level the skill reaches once the manager confirms it is done.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DevelopmentItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="training") | Q(training_id__isnull=False),
                name="development_training_named",
            ),
        ]

    def __str__(self) -> str:
        return self.title
