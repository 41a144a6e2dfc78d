"""Demo data (pulse rounds with one department under the minimum, skills gaps, a development
plan in progress) and the pulse reminder."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from backoffice.notifications.reminders import reminder_kind_get
from backoffice.people.models import Department, Employee, User
from onboarding.models import PlanItem
from performance.models import (
    DevelopmentItem,
    PulseAnswer,
    PulseParticipation,
    PulseRound,
    PulseSurvey,
)
from performance.pulse_reminders import PULSE_REMINDER_KIND
from performance.selectors import pulse as selectors
from performance.selectors import skills as skill_selectors
from tests.factories.pulse import answer_all, survey_launched, team

pytestmark = pytest.mark.django_db


def _at(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def test_the_reminder_goes_to_those_who_have_not_answered_near_the_close():
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    answer_all(pulse_round, reports[:4])
    kind = reminder_kind_get(PULSE_REMINDER_KIND)
    assert not kind.required
    assert list(kind.collect(_at(pulse_round.opens_on))) == []  # not near the close yet
    items = list(kind.collect(_at(pulse_round.closes_on - datetime.timedelta(days=1))))
    recipients = {item.recipient_id for item in items}
    assert recipients == {_manager.user_id, reports[4].user_id}
    assert all(item.employee_id is None and item.period == "once" for item in items)
    assert list(kind.collect(_at(pulse_round.closes_on + datetime.timedelta(days=1)))) == []


def test_demo_has_three_rounds_and_withholds_the_small_department():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (PulseRound.objects.count(), PulseAnswer.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (PulseRound.objects.count(), PulseAnswer.objects.count()) == counts
    survey = PulseSurvey.objects.get(name="Monthly pulse")
    assert survey.rounds.count() == 3
    hr = User.objects.get(email="hr@example.com")
    by_department = {scope.label: scope for scope in selectors.groups_of(survey, hr)}
    operations = selectors.round_results(survey, by_department["Operations"])
    finance = selectors.round_results(survey, by_department["Finance"])
    assert all(not row.withheld for row in operations)
    assert all(row.withheld for row in finance)
    ella = Employee.objects.get(user__email="employee@example.com")
    assert selectors.open_participations(ella, today=timezone.localdate())
    assert Department.objects.filter(name="Operations").exists()
    assert PulseParticipation.objects.filter(employee=ella, answered=False).count() == 1
    # Skills with gaps and a development plan in progress (tested here to seed only once).
    gaps = [row.gap for row in skill_selectors.skill_rows(ella) if row.gap]
    assert gaps
    statuses = sorted(
        DevelopmentItem.objects.filter(employee=ella).values_list("status", flat=True)
    )
    assert statuses == ["agreed", "done", "proposed"]
    training = DevelopmentItem.objects.get(employee=ella, kind="training")
    assert PlanItem.objects.filter(plan__employee=ella, training_id=training.training_id).exists()
