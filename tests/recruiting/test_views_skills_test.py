"""The public data-entry test page and its result for graders."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from recruiting.services import skills_test as test_services
from tests.recruiting.helpers import post_scorecard

pytestmark = pytest.mark.django_db


def test_candidate_takes_the_test_once(client, application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    url = reverse("recruiting:skills_test_take", args=[test_services.token_for(test)])
    assert "Start the test" in client.get(url).content.decode()
    assert client.post(url, {"action": "start"}).status_code == 302
    page = client.get(url).content.decode()
    assert test.records[0]["reference"] in page
    answers = {"action": "submit"}
    for index, record in enumerate(test.records):
        for field, _label in test_services.FIELDS[record["kind"]]:
            answers[f"r{index}_{field}"] = record[field]
    # Client timing is ignored: a posted "started" field changes nothing.
    assert client.post(url, answers | {"started_at": "2000-01-01"}).status_code == 302
    test.refresh_from_db()
    assert test.accuracy == 100.0
    replay = client.post(url, answers)
    assert replay.status_code == 410
    assert "already been submitted" in replay.content.decode()


def test_expired_link_is_refused(client, application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    url = reverse("recruiting:skills_test_take", args=[test_services.token_for(test)])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(url, {"action": "start"})
    assert response.status_code == 410
    test.refresh_from_db()
    assert test.started_at is None


def test_result_hides_the_name_from_graders_until_they_scored(
    client_for, interview, interviewer, hr_user, scorecard_template
):
    application = interview.application
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    test_services.skills_test_start(token=token)
    test_services.skills_test_submit(token=token, answers=[dict(r) for r in test.records])
    url = reverse("recruiting:skills_test_result", args=[test.pk])
    client = client_for(interviewer)
    html = client.get(url).content.decode()
    assert application.candidate.name not in html
    assert test.code in html
    post_scorecard(client, interview, scorecard_template)
    assert application.candidate.name in client.get(url).content.decode()
    assert application.candidate.name in client_for(hr_user).get(url).content.decode()
