"""Anonymity by construction: nothing in the answer table, and no query the pages run, can
tie an answer to the person who gave it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import PulseAnswer, PulseBucket, PulseParticipation, PulseRound
from performance.services import pulse as services
from tests.factories.pulse import answer_all, survey_launched, team

pytestmark = pytest.mark.django_db

ANSWER_TABLE = PulseAnswer._meta.db_table
PARTICIPATION_TABLE = PulseParticipation._meta.db_table
PEOPLE_TABLES = {"people_user", "people_employee"}


def _columns(table):
    with connection.cursor() as cursor:
        return {
            column.name: column.type_code
            for column in connection.introspection.get_table_description(cursor, table)
        }


def _foreign_tables(table):
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, table)
    return {target for _column, (_field, target) in relations.items()}


def test_the_answer_table_points_at_no_person_and_carries_no_time():
    columns = _columns(ANSWER_TABLE)
    assert not [
        name for name in columns if re.search(r"user|employee|person|_at$|_on$|date|time", name)
    ]
    assert _foreign_tables(ANSWER_TABLE) == {PulseRound._meta.db_table, PulseBucket._meta.db_table}
    # A random key: the order of ids is not the order in which people answered.
    assert PulseAnswer._meta.pk.get_internal_type() == "UUIDField"


def test_answers_and_participation_share_no_column_but_the_round():
    answer, participation = _columns(ANSWER_TABLE), _columns(PARTICIPATION_TABLE)
    shared = set(answer) & set(participation)
    assert shared <= {"id", "round_id"}
    # Both have an "id", but one is a random UUID and the other a number: nothing to match.
    assert answer["id"] != participation["id"]


def test_a_bucket_never_stands_for_fewer_than_the_minimum(settings):
    settings.PULSE_MIN_GROUP = 4
    _manager, _reports = team(size=3)  # four asked in the department, three in the team
    pulse_round = survey_launched().rounds.get()
    assert PulseBucket.objects.filter(round=pulse_round, kind="team").count() == 0
    assert list(
        PulseBucket.objects.filter(round=pulse_round).values_list("invited", flat=True)
    ) == [4]
    assert all(b.invited >= settings.PULSE_MIN_GROUP for b in PulseBucket.objects.all())


def _touches_both(sql):
    return ANSWER_TABLE in sql and (
        PARTICIPATION_TABLE in sql or any(t in sql for t in PEOPLE_TABLES)
    )


def test_no_query_of_answering_or_of_the_results_joins_an_answer_to_a_person(client_for, hr_user):
    manager, reports = team(size=5)
    survey = survey_launched(hr=hr_user)
    pulse_round = survey.rounds.get()
    participation = PulseParticipation.objects.get(round=pulse_round, employee=reports[0])
    client = client_for(reports[0].user)
    scores = dict.fromkeys(("collaboration", "workload", "autonomy", "recognition", "growth"), "4")
    with CaptureQueriesContext(connection) as answering:
        response = client.post(
            reverse("performance:pulse_answer", args=[pulse_round.pk]),
            {"enps": "10", **scores, "comment": "Good team"},
        )
    assert response.status_code == 200
    insert = [
        q["sql"]
        for q in answering.captured_queries
        if q["sql"].startswith(f'INSERT INTO "{ANSWER_TABLE}"')
    ]
    assert len(insert) == 1
    answer_all(pulse_round, [manager, *reports[1:]])
    participation.refresh_from_db()
    assert participation.answered
    pages = [
        (hr_user, reverse("performance:pulse_results", args=[survey.pk])),
        (hr_user, reverse("performance:pulse_results", args=[survey.pk]) + f"?team={manager.pk}"),
        (hr_user, reverse("performance:pulse_results_export", args=[survey.pk])),
        (manager.user, reverse("performance:pulse_results", args=[survey.pk])),
    ]
    for user, url in pages:
        client = client_for(user)
        with CaptureQueriesContext(connection) as reading:
            assert client.get(url).status_code == 200
        assert not [q["sql"] for q in reading.captured_queries if _touches_both(q["sql"])], url
    assert not [q["sql"] for q in answering.captured_queries if _touches_both(q["sql"])]


def test_the_answer_insert_names_only_the_round_and_buckets():
    _manager, reports = team(size=5)
    pulse_round = survey_launched().rounds.get()
    participation = PulseParticipation.objects.get(round=pulse_round, employee=reports[0])
    with CaptureQueriesContext(connection) as captured:
        services.pulse_answer(
            participation=participation,
            enps=7,
            scores=dict.fromkeys(
                ("collaboration", "workload", "autonomy", "recognition", "growth"), 2
            ),
        )
    insert = next(
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(f'INSERT INTO "{ANSWER_TABLE}"')
    )
    columns = re.search(r"\(([^)]*)\)", insert).group(1)
    assert set(re.findall(r'"(\w+)"', columns)) == {
        "id",
        "round_id",
        "department_bucket_id",
        "team_bucket_id",
        "enps",
        "collaboration",
        "workload",
        "autonomy",
        "recognition",
        "growth",
        "comment",
        "comment_hidden",
    }
