"""Pulse surveys: a short anonymous survey sent to a population on a schedule.

Anonymity is by construction, not by policy:
- `PulseAnswer` has no column that points at a person: no user, no employee, no timestamp,
  and a random (UUID) primary key, so neither its id order nor its time can be lined up with
  the order in which people answered.
- `PulseParticipation` says only that a person was invited to a round and whether they have
  answered (to refuse a second answer and to remind); it shares no column with the answers but
  the round.
- An answer carries at most two buckets (its department and its team), and a bucket exists only
  for a group that was invited with at least PULSE_MIN_GROUP people, so a bucket never narrows
  an answer to a handful of people.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from backoffice.people.models import Department, Employee

# (field, the statement people rate 1-5)
PULSE_ITEMS = (
    ("collaboration", "People in my team work well together."),
    ("workload", "My workload is manageable."),
    ("autonomy", "I decide how I do my work."),
    ("recognition", "I get recognition when I do good work."),
    ("growth", "I am learning and growing here."),
)
ENPS_QUESTION = "How likely are you to recommend working here to a friend? (0-10)"
SCALE = [(n, str(n)) for n in range(1, 6)]


def pulse_min_group() -> int:
    return settings.PULSE_MIN_GROUP


class PulseSurveyQuerySet(models.QuerySet):
    def visible_to(self, user) -> PulseSurveyQuerySet:
        """HR sees every survey; a manager those that asked their team (its results are theirs,
        shown only when enough of the team answered)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(rounds__participations__employee__manager__user=user).distinct()


class PulseSurvey(models.Model):
    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Every three months"
        WEEKLY = "weekly", "Weekly"

    name = models.CharField(max_length=150)
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.MONTHLY)
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="+",
        help_text="Leave empty to ask everyone.",
    )
    answer_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(28)]
    )
    ask_comment = models.BooleanField("Ask for an optional comment", default=True)
    next_round_on = models.DateField(help_text="The day the next round is sent.")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PulseSurveyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def following_round(self, day: datetime.date) -> datetime.date:
        if self.frequency == self.Frequency.WEEKLY:
            return day + datetime.timedelta(days=7)
        months = 3 if self.frequency == self.Frequency.QUARTERLY else 1
        year, month = divmod(day.month - 1 + months, 12)
        year, month = day.year + year, month + 1
        # The 29th to 31st fall back to the 28th so that every month has the day.
        return datetime.date(year, month, min(day.day, 28))


class PulseRound(models.Model):
    survey = models.ForeignKey(PulseSurvey, on_delete=models.CASCADE, related_name="rounds")
    opens_on = models.DateField()
    closes_on = models.DateField()
    invited = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "opens_on"]
        constraints = [
            # A beat sweep that runs twice, or twice at once, makes one round.
            models.UniqueConstraint(fields=["survey", "opens_on"], name="pulse_round_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.opens_on:%d %b %Y}"

    def is_open(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.closes_on


class PulseBucket(models.Model):
    """A group answers are counted in: a department or a manager's team, in one round.

    Made only for a group invited with at least PULSE_MIN_GROUP people.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", "Department"
        TEAM = "team", "Team"

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="buckets")
    kind = models.CharField(max_length=10, choices=Kind)
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    manager = models.ForeignKey(
        Employee, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    invited = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "department"],
                condition=models.Q(kind="department"),
                name="pulse_bucket_department_once",
            ),
            models.UniqueConstraint(
                fields=["round", "manager"],
                condition=models.Q(kind="team"),
                name="pulse_bucket_team_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} bucket of {self.round}"


class PulseParticipation(models.Model):
    """Who was asked in a round and whether they answered. Never what they answered."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="participations")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "employee"], name="pulse_asked_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} in {self.round}"


class PulseAnswer(models.Model):
    """One anonymous answer. See the module docstring for why each column is (not) here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="answers")
    department_bucket = models.ForeignKey(
        PulseBucket,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="department_answers",
    )
    team_bucket = models.ForeignKey(
        PulseBucket, on_delete=models.PROTECT, null=True, blank=True, related_name="team_answers"
    )
    enps = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    collaboration = models.PositiveSmallIntegerField(choices=SCALE)
    workload = models.PositiveSmallIntegerField(choices=SCALE)
    autonomy = models.PositiveSmallIntegerField(choices=SCALE)
    recognition = models.PositiveSmallIntegerField(choices=SCALE)
    growth = models.PositiveSmallIntegerField(choices=SCALE)
    comment = models.TextField(blank=True, max_length=2000)
    comment_hidden = models.BooleanField(default=False)

    class Meta:
        # Never by id: a random id in a random order says nothing.
        ordering = ["round"]
        constraints = [
            models.CheckConstraint(condition=models.Q(enps__lte=10), name="pulse_enps_0_10"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"pulse_{field}_1_5",
                )
                for field, _ in PULSE_ITEMS
            ],
        ]

    def __str__(self) -> str:
        return f"An answer in {self.round}"
