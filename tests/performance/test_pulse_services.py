"""Pulse surveys: scheduling by beat, once per round, answering once, and the outbox."""

import datetime
import os
import subprocess
import sys

import pytest
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.models import OutboxMessage
from performance.models import PulseAnswer, PulseBucket, PulseParticipation, PulseRound
from performance.pulse_tasks import pulse_rounds_launch_due_task
from performance.services import pulse as services
from tests.factories.people import EmployeeFactory, UserFactory
from tests.factories.pulse import answer_all, survey_launched, team

pytestmark = pytest.mark.django_db

SCORES = dict.fromkeys(("collaboration", "workload", "autonomy", "recognition", "growth"), 3)


def test_a_first_round_today_goes_out_at_once_by_email_through_the_outbox():
    _manager, reports = team(size=5)
    survey = survey_launched()
    pulse_round = PulseRound.objects.get(survey=survey)
    assert pulse_round.invited == 6  # the manager is asked too
    assert PulseParticipation.objects.filter(round=pulse_round).count() == 6
    recipients = [to for row in OutboxMessage.objects.values_list("to", flat=True) for to in row]
    assert reports[0].user.email in recipients
    assert len(recipients) == 6
    survey.refresh_from_db()
    assert survey.next_round_on > timezone.localdate()


def test_beat_sends_each_round_once_however_often_it_runs():
    team(size=5)
    hr = UserFactory(roles=["HR"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    survey = services.pulse_survey_create(
        by=hr, name="Pulse", frequency="monthly", departments=[], first_round_on=tomorrow
    )
    assert not PulseRound.objects.exists()  # not due yet
    assert services.pulse_rounds_launch_due(today=tomorrow) == 1
    assert services.pulse_rounds_launch_due(today=tomorrow) == 0
    assert PulseRound.objects.filter(survey=survey).count() == 1
    emails = OutboxMessage.objects.count()
    services.pulse_survey_launch_due(survey_id=survey.pk, today=tomorrow)
    assert OutboxMessage.objects.count() == emails
    survey.refresh_from_db()
    assert survey.next_round_on == survey.following_round(tomorrow)


def test_the_beat_task_is_scheduled_and_calls_the_service(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["performance-pulse-rounds"]
    assert entry["task"] == "performance.pulse_tasks.pulse_rounds_launch_due_task"
    team(size=5)
    hr = UserFactory(roles=["HR"])
    services.pulse_survey_create(
        by=hr,
        name="Pulse",
        frequency="weekly",
        departments=[],
        first_round_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert pulse_rounds_launch_due_task() == 0


def test_population_by_department_only_asks_those_departments():
    manager, reports = team(size=5)
    other, _ = team(size=5)
    survey = survey_launched(departments=[manager.department])
    asked = set(
        PulseParticipation.objects.filter(round__survey=survey).values_list("employee", flat=True)
    )
    assert asked == {manager.pk, *(r.pk for r in reports)}
    assert other.pk not in asked


def test_answering_twice_is_refused_and_records_one_answer():
    _manager, reports = team(size=5)
    survey = survey_launched()
    pulse_round = survey.rounds.get()
    participation = PulseParticipation.objects.get(round=pulse_round, employee=reports[0])
    services.pulse_answer(participation=participation, enps=10, scores=SCORES)
    with pytest.raises(DomainError, match="already answered"):
        services.pulse_answer(participation=participation, enps=10, scores=SCORES)
    assert PulseAnswer.objects.count() == 1


def test_a_closed_round_and_out_of_range_scores_are_refused():
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    participation = PulseParticipation.objects.get(round=pulse_round, employee=reports[0])
    with pytest.raises(DomainError, match="closed"):
        services.pulse_answer(
            participation=participation,
            enps=5,
            scores=SCORES,
            today=pulse_round.closes_on + datetime.timedelta(days=1),
        )
    with pytest.raises(DomainError):
        services.pulse_answer(participation=participation, enps=11, scores=SCORES)
    with pytest.raises(DomainError):
        services.pulse_answer(participation=participation, enps=5, scores={**SCORES, "growth": 6})
    assert not PulseAnswer.objects.exists()


def test_buckets_exist_only_for_groups_asked_at_or_above_the_minimum():
    big_manager, big = team(size=5)
    _small_manager, small = team(size=2)
    pulse_round = survey_launched().rounds.get()
    teams = set(
        PulseBucket.objects.filter(round=pulse_round, kind="team").values_list("manager", flat=True)
    )
    assert teams == {big_manager.pk}
    answer_all(pulse_round, big + small)
    # The small team's answers carry no team bucket: nothing narrows them to two people.
    assert PulseAnswer.objects.filter(team_bucket__isnull=True).count() == 2
    assert PulseAnswer.objects.filter(team_bucket__manager=big_manager).count() == 5


def test_only_hr_defines_surveys():
    with pytest.raises(DomainError):
        survey_launched(hr=EmployeeFactory().user)


def test_start_up_refuses_a_minimum_group_below_three():
    env = {**os.environ, "PULSE_MIN_GROUP": "2", "DJANGO_DEBUG": "1"}
    code = "import django; django.setup()"
    env["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "PULSE_MIN_GROUP=2 is below its minimum of 3" in result.stderr
    env["PULSE_MIN_GROUP"] = "3"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
