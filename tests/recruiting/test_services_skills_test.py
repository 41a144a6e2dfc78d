"""The data-entry skills test: the emailed link, server timing, single use, expiry, forgery."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from recruiting.models import (
    SkillsTest,
)
from recruiting.services import skills_test as test_services

pytestmark = pytest.mark.django_db


def _perfect(test):
    return [dict(record) for record in test.records]


def test_test_link_is_emailed_and_scores_per_field(
    application, hr_user, django_capture_on_commit_callbacks
):
    # The link carries a signing timestamp: frozen, so the token made here is the emailed one.
    with time_machine.travel(timezone.now(), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            test = test_services.skills_test_send(application=application, by=hr_user)
        (message,) = mail.outbox
        token = test_services.token_for(test)
    assert token in message.body
    assert message.to == [application.candidate.email]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        test_services.skills_test_start(token=token)
        answers = _perfect(test)
        answers[0]["amount"] = "1.00"
        clock.shift(datetime.timedelta(minutes=6))
        test = test_services.skills_test_submit(token=token, answers=answers)
    assert test.fields_total == 24
    assert test.fields_correct == 23
    assert test.accuracy == round(100 * 23 / 24, 1)
    assert test.records_per_hour == 60.0  # 6 records in 6 minutes
    assert not test.late


def test_timing_is_the_servers_and_the_limit_is_enforced(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        started = test_services.skills_test_start(token=token)
        clock.shift(datetime.timedelta(minutes=3))
        # Starting again (a reload) does not restart the clock.
        assert test_services.skills_test_start(token=token).started_at == started.started_at
        clock.shift(datetime.timedelta(minutes=8))  # 11 minutes, limit 10 + 30 s grace
        test = test_services.skills_test_submit(token=token, answers=_perfect(test))
    assert test.late
    assert test.fields_correct == 0
    assert test.records_complete == 0
    assert test.submitted_at - test.started_at == datetime.timedelta(minutes=11)


def test_a_second_submission_is_refused(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    test_services.skills_test_start(token=token)
    test_services.skills_test_submit(token=token, answers=_perfect(test))
    with pytest.raises(test_services.SkillsTestRefused, match="already"):
        test_services.skills_test_submit(token=token, answers=[])
    test.refresh_from_db()
    assert test.fields_correct == 24


def test_the_link_expires_after_seven_days(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with (
        time_machine.travel(later),
        pytest.raises(test_services.SkillsTestRefused, match="expired"),
    ):
        test_services.skills_test_start(token=token)
    test.refresh_from_db()
    assert test.started_at is None


def test_a_forged_token_is_refused(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_from_token(test_services.token_for(test) + "x")
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_from_token(f"{test.pk}")


def test_skills_test_model_is_untouched_by_a_refused_start(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_submit(token=test_services.token_for(test), answers=[])
    assert SkillsTest.objects.get(pk=test.pk).submitted_at is None
