"""Pulse pages: answering from My work and the emailed link, results with the minimum group
size on every view and export, comments, and query budgets at two sizes."""

import datetime

import pytest
from django.urls import reverse

from performance.models import PulseAnswer, PulseParticipation, PulseRound
from performance.services import pulse as services
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.pulse import answer_all, survey_launched, team

pytestmark = pytest.mark.django_db

ITEMS = ("collaboration", "workload", "autonomy", "recognition", "growth")
RESULTS_QUERIES = 14


def _post_answer(enps="8", score="4", comment=""):
    return {"enps": enps, **dict.fromkeys(ITEMS, score), "comment": comment}


def test_the_emailed_link_answers_without_signing_in_and_only_once(client):
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    participation = PulseParticipation.objects.get(round=pulse_round, employee=reports[0])
    url = reverse("performance:pulse_answer_link", args=[services.pulse_link_token(participation)])
    assert client.get(url).status_code == 200
    response = client.post(url, _post_answer(comment="More coffee"))
    assert response.status_code == 200
    assert "your answer is in" in response.content.decode()
    assert PulseAnswer.objects.get().comment == "More coffee"
    again = client.post(url, _post_answer())
    assert "your answer is in" in again.content.decode()
    assert PulseAnswer.objects.count() == 1


def test_a_forged_or_foreign_token_is_refused(client):
    _manager, _reports = team(size=5)
    survey_launched()
    for token in ("nonsense", "MQ:1t2:abc"):
        assert client.get(reverse("performance:pulse_answer_link", args=[token])).status_code == 404


def test_an_incomplete_answer_is_refused_with_the_form(client_for):
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    client = client_for(reports[0].user)
    data = _post_answer()
    del data["growth"]
    response = client.post(reverse("performance:pulse_answer", args=[pulse_round.pk]), data)
    assert response.status_code == 422
    assert not PulseAnswer.objects.exists()


def test_my_work_lists_the_open_survey_until_answered(client_for):
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    client = client_for(reports[0].user)
    answer_url = reverse("performance:pulse_answer", args=[pulse_round.pk])
    assert answer_url in client.get(reverse("home")).content.decode()
    assert client.post(answer_url, _post_answer()).status_code == 200
    assert answer_url not in client.get(reverse("home")).content.decode()


def test_someone_not_asked_cannot_answer(client_for):
    team(size=5)
    pulse_round = survey_launched().rounds.get()
    outsider = EmployeeFactory()
    PulseParticipation.objects.filter(employee=outsider).delete()
    response = client_for(outsider.user).get(
        reverse("performance:pulse_answer", args=[pulse_round.pk])
    )
    assert response.status_code == 404


def test_enps_and_items_per_round(client_for, hr_user):
    _manager, reports = team(size=5)
    survey = survey_launched(hr=hr_user)
    pulse_round = survey.rounds.get()
    for person, enps in zip(reports, [10, 10, 9, 7, 3], strict=True):
        answer_all(pulse_round, [person], enps=enps, score=4)
    body = client_for(hr_user).get(reverse("performance:pulse_results", args=[survey.pk]))
    results = body.context["results"]
    assert results[0].enps == 40  # 3 promoters, 1 detractor of 5
    assert results[0].items["autonomy"] == 4
    assert 'id="pulse-chart"' in body.content.decode()


def test_results_below_the_minimum_are_withheld_everywhere(client_for, hr_user):
    small_department = DepartmentFactory(name="Legal")
    manager, reports = team(size=3, department=small_department)
    survey = survey_launched(hr=hr_user)
    answer_all(survey.rounds.get(), [manager, *reports], comment="Only four of us")
    client = client_for(hr_user)
    page = client.get(reverse("performance:pulse_results", args=[survey.pk]))
    assert page.context["refused"]
    assert "Only four of us" not in page.content.decode()
    for query in (f"?department={small_department.pk}", f"?team={manager.pk}"):
        narrowed = client.get(reverse("performance:pulse_results", args=[survey.pk]) + query)
        assert narrowed.status_code == 200
        assert "its results are not shown" in narrowed.content.decode()
        assert not [r for r in narrowed.context["results"] if not r.withheld]
    export = client.get(reverse("performance:pulse_results_export", args=[survey.pk]))
    lines = export.content.decode().strip().splitlines()
    assert "fewer than 5" in lines[1]
    assert lines[1].count(",") == 2  # no figure at all


def test_a_manager_sees_their_team_only_and_no_other_group(client_for, hr_user):
    department = DepartmentFactory(name="Finance")
    manager, reports = team(size=5, department=department)
    small_manager, small = team(size=2, department=department)
    survey = survey_launched(hr=hr_user)
    pulse_round = survey.rounds.get()
    answer_all(pulse_round, reports, enps=10, comment="Great manager")
    answer_all(pulse_round, small, enps=0, comment="Tiny team")
    url = reverse("performance:pulse_results", args=[survey.pk])
    client = client_for(manager.user)
    page = client.get(url)
    assert page.status_code == 200
    assert [s.kind for s in page.context["scopes"]] == ["team"]
    assert page.context["results"][0].enps == 100
    assert "Great manager" in page.content.decode()
    assert "Tiny team" not in page.content.decode()
    assert client.get(url + f"?department={department.pk}").status_code == 404
    assert client.get(url + f"?team={small_manager.pk}").status_code == 404
    assert (
        client.get(reverse("performance:pulse_results_export", args=[survey.pk])).status_code == 403
    )
    small_page = client_for(small_manager.user).get(url)
    assert small_page.context["refused"]
    assert "Tiny team" not in small_page.content.decode()


def test_hr_hides_a_comment_from_managers(client_for, hr_user):
    manager, reports = team(size=5)
    survey = survey_launched(hr=hr_user)
    answer_all(survey.rounds.get(), reports, comment="Names a colleague")
    answer = PulseAnswer.objects.filter(comment="Names a colleague").first()
    hide = reverse("performance:pulse_comment_hide", args=[answer.pk])
    assert client_for(manager.user).post(hide).status_code == 403
    assert client_for(hr_user).get(hide).status_code == 405
    assert client_for(hr_user).post(hide, {"hidden": "1"}).status_code == 302
    answer.refresh_from_db()
    assert answer.comment_hidden
    page = client_for(manager.user).get(reverse("performance:pulse_results", args=[survey.pk]))
    # The other four identical comments stay; the hidden one is gone for the manager.
    assert len(page.context["comments"]) == 4


def test_hr_schedules_a_survey_from_the_page(client_for, hr_user):
    team(size=5)
    client = client_for(hr_user)
    response = client.post(
        reverse("performance:pulse_survey_new"),
        {
            "name": "Spring pulse",
            "frequency": "monthly",
            "first_round_on": datetime.date.today().isoformat(),
            "answer_days": "7",
            "ask_comment": "on",
        },
    )
    assert response.status_code == 302
    assert PulseRound.objects.filter(survey__name="Spring pulse").count() == 1
    assert client.get(reverse("performance:pulse_surveys")).status_code == 200


def test_employees_cannot_define_surveys_or_list_them(client_for):
    employee = EmployeeFactory()
    client = client_for(employee.user)
    assert client.get(reverse("performance:pulse_survey_new")).status_code == 403
    listing = client.get(reverse("performance:pulse_surveys"))
    assert listing.status_code == 200
    assert not listing.context["surveys"]


def _grow(size, hr):
    """`size` departments each with a team of 5 that answered three rounds."""
    survey = None
    for index in range(size):
        team(department=DepartmentFactory(name=f"Department {size}-{index}"), size=5)
    survey = survey_launched(
        hr=hr, first_round_on=datetime.date.today() - datetime.timedelta(days=70)
    )
    for back in (2, 1):
        PulseRound.objects.create(
            survey=survey,
            opens_on=datetime.date.today() - datetime.timedelta(days=30 * back + 5),
            closes_on=datetime.date.today() - datetime.timedelta(days=30 * back),
        )
    for pulse_round in survey.rounds.all():
        for i in range(size * 5):
            PulseAnswer.objects.create(
                round=pulse_round, enps=i % 11, **dict.fromkeys(ITEMS, 3), comment=f"c{i}"
            )
    return survey


@pytest.mark.parametrize("size", [1, 6])
def test_results_query_count_is_constant(client_for, hr_user, django_assert_max_num_queries, size):
    survey = _grow(size, hr_user)
    client = client_for(hr_user)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        response = client.get(reverse("performance:pulse_results", args=[survey.pk]))
    assert response.status_code == 200
    assert len(response.context["results"]) == 3
    with django_assert_max_num_queries(RESULTS_QUERIES):
        assert (
            client.get(reverse("performance:pulse_results_export", args=[survey.pk])).status_code
            == 200
        )
