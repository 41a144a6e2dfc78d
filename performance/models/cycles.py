"""Review cycles that HR runs from the admin: their steps, questionnaire and history."""

from __future__ import annotations

import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from backoffice.people.models import Department, Employee, RoleFamily

# Peer feedback is shown only once this many peers have answered, so no answer can be traced.
PEER_FEEDBACK_MINIMUM = 2
RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class ReviewCycleQuerySet(models.QuerySet):
    def launched(self) -> ReviewCycleQuerySet:
        return self.exclude(status=ReviewCycle.Status.DRAFT)


class _CycleCount:
    """A count from performance.selectors.reviews.cycles_with_progress (0 when not counted):
    its annotations hold them as JSON objects, one per table, read here by name."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, cycle, owner=None):
        if cycle is None:
            return self
        for annotation in ("review_counts", "peer_counts"):
            counts = cycle.__dict__.get(annotation) or {}
            if self.name in counts:
                return counts[self.name]
        return 0


class ReviewCycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SELF_REVIEW = "self_review", "Self review"
        PEER_FEEDBACK = "peer_feedback", "Peer feedback"
        MANAGER_REVIEW = "manager_review", "Manager review"
        CALIBRATION = "calibration", "Calibration"
        SHARING = "sharing", "Sharing"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
        CLOSED = "closed", "Closed"

    class NewStarterRule(models.TextChoices):
        EXCLUDE = "exclude", "Leave them out"
        PROBATION = "probation", "Give them a probation review"

    # The steps in order; advancing moves to the next one (peer feedback only when enabled).
    STEPS = [
        Status.DRAFT,
        Status.SELF_REVIEW,
        Status.PEER_FEEDBACK,
        Status.MANAGER_REVIEW,
        Status.CALIBRATION,
        Status.SHARING,
        Status.ACKNOWLEDGEMENT,
        Status.CLOSED,
    ]

    # The one table of allowed moves; only services.cycles changes `status`, through it.
    # Closing is allowed from every open step (HR may end a cycle early).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.DRAFT: frozenset({Status.SELF_REVIEW}),
        Status.SELF_REVIEW: frozenset({Status.PEER_FEEDBACK, Status.MANAGER_REVIEW, Status.CLOSED}),
        Status.PEER_FEEDBACK: frozenset({Status.MANAGER_REVIEW, Status.CLOSED}),
        Status.MANAGER_REVIEW: frozenset({Status.CALIBRATION, Status.CLOSED}),
        Status.CALIBRATION: frozenset({Status.SHARING, Status.CLOSED}),
        Status.SHARING: frozenset({Status.ACKNOWLEDGEMENT, Status.CLOSED}),
        Status.ACKNOWLEDGEMENT: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }

    name = models.CharField(max_length=150, unique=True)
    period_start = models.DateField(help_text="First day of the period the reviews cover.")
    period_end = models.DateField(help_text="Last day of the period the reviews cover.")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, editable=False)

    departments = models.ManyToManyField(
        Department, blank=True, related_name="review_cycles", help_text="Everyone in these."
    )
    role_families = models.ManyToManyField(
        RoleFamily, blank=True, related_name="review_cycles", help_text="Everyone in these."
    )
    picked_employees = models.ManyToManyField(
        Employee, blank=True, related_name="picked_for_cycles", help_text="And these people."
    )
    new_starter_days = models.PositiveIntegerField(
        default=90, help_text="People who started fewer than this many days before launch…"
    )
    new_starter_rule = models.CharField(
        max_length=20, choices=NewStarterRule, default=NewStarterRule.EXCLUDE
    )

    peer_feedback_enabled = models.BooleanField(default=False)
    include_skills = models.BooleanField(
        "include a skills assessment",
        default=False,
        help_text="The review form asks the person and their manager to rate the skills of the "
        "person's role; submitted ratings are kept as skills assessments.",
    )
    manager_sees_self_review_first = models.BooleanField(
        default=True,
        help_text="Managers write their review after reading the submitted self review.",
    )

    self_review_due = models.DateField()
    peer_feedback_due = models.DateField(null=True, blank=True)
    manager_review_due = models.DateField()
    calibration_due = models.DateField()
    sharing_due = models.DateField()
    acknowledgement_due = models.DateField()

    launched_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="performance_cycle_period_ordered",
                violation_error_message="The period must end on or after the day it starts.",
            ),
            models.CheckConstraint(
                condition=Q(peer_feedback_enabled=False) | Q(peer_feedback_due__isnull=False),
                name="performance_cycle_peer_due_when_enabled",
                violation_error_message="With peer feedback on, give its due date.",
            ),
        ]

    reviews_total = _CycleCount()
    self_done = _CycleCount()
    manager_done = _CycleCount()
    shared_done = _CycleCount()
    acknowledged_done = _CycleCount()
    peer_total = _CycleCount()
    peer_done = _CycleCount()

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        steps = [
            ("self_review_due", self.self_review_due),
            ("peer_feedback_due", self.peer_feedback_due if self.peer_feedback_enabled else None),
            ("manager_review_due", self.manager_review_due),
            ("calibration_due", self.calibration_due),
            ("sharing_due", self.sharing_due),
            ("acknowledgement_due", self.acknowledgement_due),
        ]
        dated = [(field, day) for field, day in steps if day is not None]
        for (_, earlier), (field, later) in itertools.pairwise(dated):
            if later < earlier:
                raise ValidationError(
                    {field: "Steps come in order: this is due before the step before it."}
                )

    @property
    def is_open(self) -> bool:
        return self.status not in {self.Status.DRAFT, self.Status.CLOSED}

    def can_move_to(self, status: str) -> bool:
        if status == self.Status.PEER_FEEDBACK and not self.peer_feedback_enabled:
            return False
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def has_reached(self, status: str) -> bool:
        """Whether the cycle is at `status` or past it."""
        return self.STEPS.index(self.status) >= self.STEPS.index(status)

    @property
    def peer_feedback_open(self) -> bool:
        """Peers are asked and answer until the peer-feedback step ends (or, without one,
        never): after that the set of answers is fixed, so showing it reveals no one."""
        return self.peer_feedback_enabled and self.status in {
            self.Status.SELF_REVIEW,
            self.Status.PEER_FEEDBACK,
        }

    @property
    def peer_answers_final(self) -> bool:
        return self.peer_feedback_enabled and self.has_reached(self.Status.MANAGER_REVIEW)

    def steps(self) -> list[str]:
        """The steps this cycle goes through, draft and closed excluded."""
        return [
            step
            for step in self.STEPS[1:-1]
            if step != self.Status.PEER_FEEDBACK or self.peer_feedback_enabled
        ]

    def next_status(self) -> str | None:
        """The step after this one; peer feedback is skipped when the cycle has none."""
        index = self.STEPS.index(self.status)
        for status in self.STEPS[index + 1 :]:
            if status == self.Status.PEER_FEEDBACK and not self.peer_feedback_enabled:
                continue
            return status
        return None

    def due_for(self, status: str):
        return {
            self.Status.SELF_REVIEW: self.self_review_due,
            self.Status.PEER_FEEDBACK: self.peer_feedback_due,
            self.Status.MANAGER_REVIEW: self.manager_review_due,
            self.Status.CALIBRATION: self.calibration_due,
            self.Status.SHARING: self.sharing_due,
            self.Status.ACKNOWLEDGEMENT: self.acknowledgement_due,
        }.get(status)


class ReviewQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", "Rating from 1 to 5"
        TEXT = "text", "Text"

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.RATING)
    prompt = models.CharField(
        "question", max_length=300, help_text="As the manager reads it, about their report."
    )
    self_prompt = models.CharField(
        "self review wording",
        max_length=300,
        blank=True,
        help_text="The same question as the employee reads it about themselves "
        "(empty: the same words).",
    )
    level_1 = models.CharField("1 means", max_length=200, blank=True)
    level_2 = models.CharField("2 means", max_length=200, blank=True)
    level_3 = models.CharField("3 means", max_length=200, blank=True)
    level_4 = models.CharField("4 means", max_length=200, blank=True)
    level_5 = models.CharField("5 means", max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.prompt

    def prompt_for(self, author: str) -> str:
        """The wording for the self review ("self") or the manager's review ("manager")."""
        return self.self_prompt if author == "self" and self.self_prompt else self.prompt

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [
            (1, self.level_1),
            (2, self.level_2),
            (3, self.level_3),
            (4, self.level_4),
            (5, self.level_5),
        ]


class CycleEvent(models.Model):
    """The cycle's history as HR ran it: who launched, reminded, advanced or closed it, when."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        LAUNCHED = "launched", "Launched"
        REMINDED = "reminded", "Reminded"
        ADVANCED = "advanced", "Advanced"
        CLOSED = "closed", "Closed"

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    # The step the cycle was at when it happened, and where it went (for launch and advance).
    from_status = models.CharField(max_length=20, choices=ReviewCycle.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=ReviewCycle.Status, blank=True)
    detail = models.CharField(max_length=500, blank=True)
    # For a reminder: the day it goes out (the press's day, or the next day reminders may be
    # sent when HR pressed outside the sending window). Part of the ledger key.
    remind_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["cycle", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.cycle_id}"
