"""The reviews of a cycle, their answers, peer feedback and the calibration log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from backoffice.people.models import Employee
from performance.models.cycles import RATING_CHOICES, ReviewCycle, ReviewQuestion


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReviewQuerySet:
        """Only the employee reviewed, their manager in the cycle and HR read a review."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(Q(employee__user=user) | Q(manager__user=user))

    def with_relations(self) -> ReviewQuerySet:
        return self.select_related(
            "cycle",
            "employee__user",
            "employee__department",
            "employee__role_family",
            "manager__user",
        )


class Review(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", "Regular"
        PROBATION = "probation", "Probation"

    class Status(models.TextChoices):
        WRITING = "writing", "Being written"
        SHARED = "shared", "Shared"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        NOT_COMPLETED = "not_completed", "Not completed"

    class Potential(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    # The one table of allowed moves; only services.reviews.reviews_transition changes `status`.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.WRITING: frozenset({Status.SHARED, Status.NOT_COMPLETED}),
        Status.SHARED: frozenset({Status.ACKNOWLEDGED}),
        Status.ACKNOWLEDGED: frozenset(),
        Status.NOT_COMPLETED: frozenset(),
    }

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="reviews")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="reviews")
    # The manager at launch: a later change of manager does not move a review in flight.
    manager = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="reviews_to_write")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.REGULAR)
    status = models.CharField(max_length=20, choices=Status, default=Status.WRITING)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    manager_submitted_at = models.DateTimeField(null=True, blank=True)
    overall_rating = models.PositiveSmallIntegerField(
        choices=RATING_CHOICES, null=True, blank=True, help_text="The manager's overall rating."
    )
    potential = models.CharField(max_length=10, choices=Potential, blank=True)
    final_rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES, null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee__user__first_name", "employee__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"], name="performance_review_once_per_cycle"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.employee} · {self.cycle}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def was_calibrated(self) -> bool:
        """Calibration changed the manager's rating (the reason stays with HR and the manager)."""
        return (
            self.final_rating is not None
            and self.overall_rating is not None
            and self.final_rating != self.overall_rating
        )

    @property
    def is_self_locked(self) -> bool:
        return self.self_submitted_at is not None

    @property
    def is_manager_locked(self) -> bool:
        return self.manager_submitted_at is not None


class ReviewAnswer(models.Model):
    """One answer to one question by the employee (self) or by the manager."""

    class Author(models.TextChoices):
        SELF = "self", "Self"
        MANAGER = "manager", "Manager"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ReviewQuestion, on_delete=models.CASCADE, related_name="answers")
    author = models.CharField(max_length=10, choices=Author)
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES, null=True, blank=True)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "question", "author"], name="performance_answer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_author_display()} answer to {self.question_id}"


class PeerFeedbackQuerySet(models.QuerySet):
    def for_peer(self, user) -> PeerFeedbackQuerySet:
        """A peer reads and writes only their own feedback requests."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(peer__user=user)


class PeerFeedback(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="peer_feedback")
    peer = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="peer_requests")
    strengths = models.TextField(blank=True)
    improvements = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeerFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "peer feedback"
        constraints = [
            models.UniqueConstraint(fields=["review", "peer"], name="performance_peer_once"),
        ]

    def __str__(self) -> str:
        return f"Peer feedback on review {self.review_id}"


class RatingAdjustment(models.Model):
    """The log of calibration: every change of a final rating, with its reason."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="adjustments")
    from_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    to_rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    reason = models.TextField()
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="performance_adjustment_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_rating} → {self.to_rating}"
