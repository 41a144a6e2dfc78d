"""Every write of pulse surveys: define a survey, launch its rounds, answer, hide a comment."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.services.outbox import outbox_email
from backoffice.people.models import Department, Employee, User
from performance.models import (
    PulseAnswer,
    PulseBucket,
    PulseParticipation,
    PulseRound,
    PulseSurvey,
)
from performance.models.pulse import PULSE_ITEMS, pulse_min_group

LINK_SALT = "performance.pulse.answer"


def pulse_link_token(participation: PulseParticipation) -> str:
    return signing.dumps(participation.pk, salt=LINK_SALT, compress=True)


def pulse_link_participation(token: str) -> PulseParticipation | None:
    """The participation a link was signed for, or None for a forged or foreign token."""
    try:
        pk = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return (
        PulseParticipation.objects.select_related("round__survey", "employee__user")
        .filter(pk=pk)
        .first()
    )


@transaction.atomic
def pulse_survey_create(
    *,
    by: User,
    name: str,
    frequency: str,
    departments: list[Department],
    first_round_on: datetime.date,
    answer_days: int = 7,
    ask_comment: bool = True,
) -> PulseSurvey:
    """HR defines a survey; a first round dated today or earlier goes out at once."""
    if not by.is_hr:
        raise DomainError("Only HR defines pulse surveys.")
    survey = PulseSurvey.objects.create(
        name=name,
        frequency=frequency,
        next_round_on=first_round_on,
        answer_days=answer_days,
        ask_comment=ask_comment,
        created_by=by,
    )
    survey.departments.set(departments)
    if first_round_on <= timezone.localdate():
        pulse_survey_launch_due(survey_id=survey.pk, today=timezone.localdate())
    return survey


@transaction.atomic
def pulse_survey_pause(*, survey: PulseSurvey, by: User) -> PulseSurvey:
    """HR pauses a survey: beat sends no new round until it is resumed. Rounds already out
    stay answerable until they close. Pausing a paused survey changes nothing."""
    if not by.is_hr:
        raise DomainError("Only HR pauses pulse surveys.")
    survey = PulseSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_active:
        survey.is_active = False
        survey.save(update_fields=["is_active"])
    return survey


@transaction.atomic
def pulse_survey_resume(
    *, survey: PulseSurvey, by: User, today: datetime.date | None = None
) -> PulseSurvey:
    """HR resumes a paused survey. The rounds its schedule passed while paused are skipped,
    not sent late: the next round is the first date of the schedule from today on (today's,
    if one falls today, goes out with beat's next run). Resuming a running survey changes
    nothing."""
    if not by.is_hr:
        raise DomainError("Only HR resumes pulse surveys.")
    today = today or timezone.localdate()
    survey = PulseSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.is_active:
        return survey
    while survey.next_round_on < today:
        survey.next_round_on = survey.following_round(survey.next_round_on)
    survey.is_active = True
    survey.save(update_fields=["is_active", "next_round_on"])
    return survey


def pulse_rounds_launch_due(*, today: datetime.date | None = None) -> int:
    """What beat runs daily: each active survey whose next round is due sends it. Each survey
    in its own transaction, so one failure does not hold back the others."""
    today = today or timezone.localdate()
    due = PulseSurvey.objects.filter(is_active=True, next_round_on__lte=today)
    launched = 0
    for survey_id in due.values_list("pk", flat=True).order_by("pk"):
        launched += pulse_survey_launch_due(survey_id=survey_id, today=today)
    return launched


@transaction.atomic
def pulse_survey_launch_due(*, survey_id: int, today: datetime.date) -> int:
    """Send the survey's due round, once: the survey row is locked, the round is unique per
    (survey, day), and the next date moves on in the same transaction. Rounds missed while
    beat was down are not sent late one by one: only the latest one is, today."""
    survey = PulseSurvey.objects.select_for_update().get(pk=survey_id)
    if not survey.is_active or survey.next_round_on > today:
        return 0
    opens_on = survey.next_round_on
    while survey.following_round(opens_on) <= today:
        opens_on = survey.following_round(opens_on)
    if not PulseRound.objects.filter(survey=survey, opens_on=opens_on).exists():
        _round_launch(survey=survey, opens_on=opens_on, today=today)
    survey.next_round_on = survey.following_round(opens_on)
    survey.save(update_fields=["next_round_on"])
    return 1


def _population(survey: PulseSurvey) -> list[Employee]:
    people = Employee.objects.filter(
        status=Employee.Status.ACTIVE, user__is_active=True
    ).select_related("user")
    department_ids = list(survey.departments.values_list("pk", flat=True))
    if department_ids:
        people = people.filter(department_id__in=department_ids)
    return list(people.order_by("pk"))


def _round_launch(*, survey: PulseSurvey, opens_on: datetime.date, today: datetime.date) -> None:
    people = _population(survey)
    closes_on = max(opens_on, today) + datetime.timedelta(days=survey.answer_days - 1)
    try:
        with transaction.atomic():
            pulse_round = PulseRound.objects.create(
                survey=survey, opens_on=opens_on, closes_on=closes_on, invited=len(people)
            )
    except IntegrityError:
        return
    minimum = pulse_min_group()
    departments = Counter(p.department_id for p in people if p.department_id)
    teams = Counter(p.manager_id for p in people if p.manager_id)
    PulseBucket.objects.bulk_create(
        [
            PulseBucket(round=pulse_round, kind="department", department_id=pk, invited=n)
            for pk, n in departments.items()
            if n >= minimum
        ]
        + [
            PulseBucket(round=pulse_round, kind="team", manager_id=pk, invited=n)
            for pk, n in teams.items()
            if n >= minimum
        ]
    )
    participations = PulseParticipation.objects.bulk_create(
        [PulseParticipation(round=pulse_round, employee=person) for person in people]
    )
    for participation, person in zip(participations, people, strict=True):
        _invitation_email(participation=participation, person=person, pulse_round=pulse_round)


def _invitation_email(
    *, participation: PulseParticipation, person: Employee, pulse_round: PulseRound
) -> None:
    link = reverse("performance:pulse_answer_link", args=[pulse_link_token(participation)])
    outbox_email(
        key=f"performance.pulse:{pulse_round.pk}:{person.pk}",
        to=[person.user.email],
        subject=f"A one-minute pulse survey: {pulse_round.survey.name}",
        template="performance_review_action",
        context={
            "name": person.user.first_name or person.user.email,
            "message": (
                "How is work going? Six quick questions, under a minute, until "
                f"{pulse_round.closes_on:%d %b %Y}. Your answer is anonymous: it is stored "
                "without your name, and results are shown only for groups of at least "
                f"{pulse_min_group()} people."
            ),
            "items": [("Answer the pulse survey", link)],
        },
    )


@transaction.atomic
def pulse_answer(
    *,
    participation: PulseParticipation,
    enps: int,
    scores: dict[str, int],
    comment: str = "",
    today: datetime.date | None = None,
) -> None:
    """Record one anonymous answer: the participation is marked answered (locked, so a double
    click answers once) and the answer is written with only the round and the person's
    buckets — never who they are.

    The round's row is locked first, so the round's answers are written one at a time; then
    every answer and every participation of the round is written again, in a random order, by
    this transaction (`_round_rewrite`). PostgreSQL stamps each row version with the writing
    transaction (`xmin`) and stores rows in the order they were written (`ctid`); without the
    rewrite, an answer and the participation marked in the same transaction would share an
    `xmin`, and answers in physical order would line up with who answered when. After it, all
    of a round's rows carry the latest answer's `xmin` and lie in a shuffled order. README:
    "Pulse anonymity" names what this does not cover.
    """
    today = today or timezone.localdate()
    pulse_round = (
        PulseRound.objects.select_for_update(of=("self",))
        .select_related("survey")
        .get(pk=participation.round_id)
    )
    # Read again under the round's lock: a double click finds the first click's answer.
    participation = PulseParticipation.objects.select_related("employee").get(pk=participation.pk)
    if participation.answered:
        raise DomainError("You have already answered this round. Thank you!")
    if not pulse_round.is_open(today):
        raise DomainError("This round is closed.")
    if not 0 <= enps <= 10:
        raise DomainError("Choose a score from 0 to 10.")
    for field, _statement in PULSE_ITEMS:
        if scores.get(field) not in range(1, 6):
            raise DomainError("Rate every statement from 1 to 5.")
    person = participation.employee
    buckets = {
        (b.kind, b.department_id or b.manager_id): b
        for b in PulseBucket.objects.filter(round=pulse_round)
    }
    participation.answered = True
    answer = PulseAnswer(
        round=pulse_round,
        department_bucket=buckets.get(("department", person.department_id)),
        team_bucket=buckets.get(("team", person.manager_id)),
        enps=enps,
        comment=comment.strip() if pulse_round.survey.ask_comment else "",
        **{field: scores[field] for field, _ in PULSE_ITEMS},
    )
    _round_rewrite(pulse_round=pulse_round, answered=participation, answer=answer)


def _round_rewrite(
    *, pulse_round: PulseRound, answered: PulseParticipation, answer: PulseAnswer
) -> None:
    """Write the round's participations (one now answered) and answers (one new) again, each
    table in a fresh random order, in one DELETE and one INSERT per table. Ids are kept: the
    signed links name participations, HR's hide buttons name answers."""
    shuffle = random.SystemRandom().shuffle
    participations = [
        answered if p.pk == answered.pk else p
        for p in PulseParticipation.objects.filter(round=pulse_round)
    ]
    answers = [*PulseAnswer.objects.filter(round=pulse_round), answer]
    shuffle(participations)
    shuffle(answers)
    PulseParticipation.objects.filter(round=pulse_round).delete()
    PulseParticipation.objects.bulk_create(participations)
    PulseAnswer.objects.filter(round=pulse_round).delete()
    PulseAnswer.objects.bulk_create(answers)


@transaction.atomic
def pulse_comment_set_hidden(*, answer: PulseAnswer, by: User, hidden: bool) -> None:
    """HR hides a comment (one that names someone, say) from the results, or shows it again."""
    if not by.is_hr:
        raise DomainError("Only HR hides comments.")
    # The round's lock, as an answer takes it: an answer rewrites the round's rows, and an
    # update waiting on a row that the rewrite deletes would change nothing.
    PulseRound.objects.select_for_update().filter(pk=answer.round_id).first()
    PulseAnswer.objects.filter(pk=answer.pk).update(comment_hidden=hidden)
