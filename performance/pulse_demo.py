"""Demo data for pulse surveys: a monthly pulse to Operations and Finance with three rounds.

Operations (with five more colleagues, so the department is big enough) shows its results;
Finance has too few people and shows nothing. Ella Novak has not answered the current round
yet, so it waits for her under My work. Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee, RoleFamily, User
from backoffice.people.services import employee_create, user_create
from performance.models import PulseParticipation, PulseSurvey
from performance.models.pulse import PULSE_ITEMS
from performance.services import pulse as services

SURVEY_NAME = "Monthly pulse"
COLLEAGUES = [
    ("ops.amara@example.com", "Amara", "Diallo"),
    ("ops.ben@example.com", "Ben", "Hughes"),
    ("ops.chloe@example.com", "Chloe", "Martin"),
    ("ops.dmitri@example.com", "Dmitri", "Volkov"),
    ("ops.esther@example.com", "Esther", "Mensah"),
]
COMMENTS = [
    "The new intake checklist saves a lot of back and forth.",
    "Month-end is heavy; an extra pair of hands in the last week would help.",
    "I like that I can organise my own queue.",
    "",
    "",
]


def _colleagues(today: datetime.date) -> None:
    manager = Employee.objects.filter(user__email="manager2@example.com").first()
    operations = Department.objects.filter(name="Operations").first()
    # Assistants: the demo measures no metric for them, so the other demo figures stay as they are.
    family = RoleFamily.objects.filter(slug="administrative-assistant").first()
    for email, first, last in COLLEAGUES:
        if User.objects.filter(email=email).exists():
            continue
        user = user_create(email=email, first_name=first, last_name=last)
        employee_create(
            user=user,
            job_title="Operations Assistant",
            start_date=today - datetime.timedelta(days=500),
            department=operations,
            role_family=family,
            manager=manager,
            status=Employee.Status.ACTIVE,
        )


def _answer(participation: PulseParticipation, rng: random.Random, trend: int) -> None:
    services.pulse_answer(
        participation=participation,
        enps=min(10, max(0, rng.randint(5, 9) + trend)),
        scores={key: min(5, max(1, rng.randint(2, 4) + (trend > 0))) for key, _ in PULSE_ITEMS},
        comment=rng.choice(COMMENTS),
        today=participation.round.opens_on,
    )


@demo_step(name="pulse surveys", order=62)
@transaction.atomic
def seed_pulse() -> str:
    if PulseSurvey.objects.filter(name=SURVEY_NAME).exists():
        return "pulse survey already there"
    hr = User.objects.filter(email="hr@example.com").first()
    departments = list(Department.objects.filter(name__in=["Operations", "Finance"]))
    if hr is None or len(departments) < 2:
        return "no demo people: skipped"
    today = timezone.localdate()
    _colleagues(today)
    starts = [today - datetime.timedelta(days=days) for days in (56, 28, 0)]
    survey = services.pulse_survey_create(
        by=hr,
        name=SURVEY_NAME,
        frequency=PulseSurvey.Frequency.MONTHLY,
        departments=departments,
        first_round_on=today + datetime.timedelta(days=1),
    )
    rng = random.Random(21)  # noqa: S311 - demo scores, not a secret
    for trend, start in enumerate(starts):
        PulseSurvey.objects.filter(pk=survey.pk).update(next_round_on=start)
        services.pulse_survey_launch_due(survey_id=survey.pk, today=start)
        waiting = PulseParticipation.objects.filter(round__survey=survey, round__opens_on=start)
        for participation in waiting.select_related("round", "employee__user").order_by("pk"):
            if start == today and participation.employee.user.email == "employee@example.com":
                continue  # left for Ella to answer from My work
            _answer(participation, rng, trend)
    # Rounds are monthly from here on.
    PulseSurvey.objects.filter(pk=survey.pk).update(next_round_on=survey.following_round(today))
    return f"{SURVEY_NAME}: 3 rounds to Operations and Finance"
