"""The skills framework: skills with four levels in words, the level each role family expects,
and the assessments a person and their manager make."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from backoffice.people.models import Employee, RoleFamily

LEVELS = (1, 2, 3, 4)
LEVEL_NAMES = {1: "Learning", 2: "Working", 3: "Skilled", 4: "Expert"}
level_validators = [MinValueValidator(1), MaxValueValidator(4)]


class Skill(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    level_1 = models.TextField("Level 1 · Learning")
    level_2 = models.TextField("Level 2 · Working")
    level_3 = models.TextField("Level 3 · Skilled")
    level_4 = models.TextField("Level 4 · Expert")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def level_text(self, level: int | None) -> str:
        return getattr(self, f"level_{level}", "") if level in LEVELS else ""

    @property
    def levels(self) -> list[tuple[int, str, str]]:
        return [(n, LEVEL_NAMES[n], self.level_text(n)) for n in LEVELS]


class RoleSkill(models.Model):
    """A skill that matters for a role family, and the level the role expects."""

    role_family = models.ForeignKey(RoleFamily, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="role_skills")
    expected_level = models.PositiveSmallIntegerField(validators=level_validators)

    class Meta:
        ordering = ["role_family", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["role_family", "skill"], name="role_skill_once"),
            models.CheckConstraint(
                condition=Q(expected_level__gte=1, expected_level__lte=4),
                name="role_skill_level_1_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill} at {self.expected_level} for {self.role_family_id}"


class SkillAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> SkillAssessmentQuerySet:
        """The person, their manager and HR."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(employee__manager__user=user))


class SkillAssessment(models.Model):
    """A rating of one person's level in one skill, by themselves or by their manager. The
    latest of each kind counts; earlier ones stay as the history."""

    class Kind(models.TextChoices):
        SELF = "self", "Self"
        MANAGER = "manager", "Manager"

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind)
    level = models.PositiveSmallIntegerField(validators=level_validators)
    note = models.TextField(blank=True, max_length=2000)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(auto_now_add=True)
    # The review whose form gave this rating (a cycle that includes skills), if any.
    review = models.ForeignKey(
        "performance.Review",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skill_assessments",
    )

    objects = SkillAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "skill", "-assessed_at", "-id"]
        indexes = [models.Index(fields=["employee", "skill", "kind", "-assessed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="skill_assessment_level_1_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} assessment of {self.skill} · {self.employee_id}"
