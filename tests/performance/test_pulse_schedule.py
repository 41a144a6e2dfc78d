"""HR pauses and resumes a pulse survey's schedule: beat sends no round while it is paused."""

import datetime

import pytest
from django.urls import reverse

from backoffice.core.errors import DomainError
from performance.models import PulseRound, PulseSurvey
from performance.services import pulse as services
from tests.factories.pulse import survey_launched, team

pytestmark = pytest.mark.django_db

JAN_5 = datetime.date(2027, 1, 5)


def _survey(hr_user):
    team(size=5)
    return survey_launched(hr=hr_user, first_round_on=JAN_5)  # a future first round


def test_a_paused_survey_sends_no_round_and_resumes_on_its_schedule(hr_user):
    survey = _survey(hr_user)
    services.pulse_survey_pause(survey=survey, by=hr_user)
    assert services.pulse_rounds_launch_due(today=JAN_5) == 0
    assert services.pulse_rounds_launch_due(today=datetime.date(2027, 3, 6)) == 0
    assert not PulseRound.objects.filter(survey=survey).exists()

    # Resumed on 6 March: January's to March's dates passed while paused and are skipped.
    survey = services.pulse_survey_resume(
        survey=survey, by=hr_user, today=datetime.date(2027, 3, 6)
    )
    assert survey.is_active
    assert survey.next_round_on == datetime.date(2027, 4, 5)
    assert services.pulse_rounds_launch_due(today=datetime.date(2027, 3, 6)) == 0
    assert services.pulse_rounds_launch_due(today=datetime.date(2027, 4, 5)) == 1
    assert list(PulseRound.objects.filter(survey=survey).values_list("opens_on", flat=True)) == [
        datetime.date(2027, 4, 5)
    ]


def test_a_round_due_on_the_day_of_resuming_still_goes_out(hr_user):
    survey = _survey(hr_user)
    services.pulse_survey_pause(survey=survey, by=hr_user)
    survey = services.pulse_survey_resume(survey=survey, by=hr_user, today=JAN_5)
    assert survey.next_round_on == JAN_5
    assert services.pulse_rounds_launch_due(today=JAN_5) == 1


def test_pause_and_resume_twice_change_nothing_more_and_only_hr_may(hr_user, employee_user):
    survey = _survey(hr_user)
    for _ in range(2):
        services.pulse_survey_pause(survey=survey, by=hr_user)
    assert not PulseSurvey.objects.get(pk=survey.pk).is_active
    for _ in range(2):
        services.pulse_survey_resume(survey=survey, by=hr_user, today=JAN_5)
    survey.refresh_from_db()
    assert survey.is_active
    assert survey.next_round_on == JAN_5
    with pytest.raises(DomainError):
        services.pulse_survey_pause(survey=survey, by=employee_user)
    with pytest.raises(DomainError):
        services.pulse_survey_resume(survey=survey, by=employee_user)


def test_hr_pauses_from_the_results_page_and_a_manager_cannot(client_for, hr_user):
    manager, _reports = team(size=5)
    survey = survey_launched(hr=hr_user)  # a round went out today: the manager may see it
    url = reverse("performance:pulse_survey_schedule", args=[survey.pk])
    results = reverse("performance:pulse_results", args=[survey.pk])
    client = client_for(hr_user)
    assert b"Pause the schedule" in client.get(results).content
    response = client.post(url, {"action": "pause"}, follow=True)
    assert response.status_code == 200
    assert b"is paused" in response.content
    assert b"Resume the schedule" in response.content
    assert client.post(url, {"action": "pause"}).status_code == 302  # a double submit
    survey.refresh_from_db()
    assert not survey.is_active
    assert client.post(url, {"action": "stop"}).status_code == 400
    assert client.get(url).status_code == 405

    manager_client = client_for(manager.user)
    page = manager_client.get(results)
    assert page.status_code == 200
    assert b"Resume the schedule" not in page.content
    assert manager_client.post(url, {"action": "resume"}).status_code == 403
    survey.refresh_from_db()
    assert not survey.is_active

    client = client_for(hr_user)  # one test client: sign HR in again
    assert client.post(url, {"action": "resume"}).status_code == 302
    survey.refresh_from_db()
    assert survey.is_active
