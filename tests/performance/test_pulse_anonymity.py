"""Anonymity by construction: nothing in the answer table, and no query the pages run, can
tie an answer to the person who gave it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.models import PulseAnswer, PulseBucket, PulseParticipation, PulseRound
from performance.services import pulse as services
from tests.factories.people import UserFactory
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


# --- Order: nothing in the answers lines up with who answered when ----------------------------

ANSWERERS = 10


def _answer_in_order(pulse_round, people):
    """Each person answers in turn; the comment is the test's own marker of who it was (in
    reverse alphabetical order, so that sorting by it is not the answering order either)."""
    markers = [f"m{ANSWERERS - n:02d}" for n in range(len(people))]
    for person, marker in zip(people, markers, strict=True):
        services.pulse_answer(
            participation=PulseParticipation.objects.get(round=pulse_round, employee=person),
            enps=7,
            scores=dict.fromkeys(
                ("collaboration", "workload", "autonomy", "recognition", "growth"), 3
            ),
            comment=marker,
        )
    return markers


def _markers_ordered_by(pulse_round, order_by):
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "comment" FROM "{ANSWER_TABLE}" WHERE "round_id" = %s ORDER BY {order_by}',  # noqa: S608
            [pulse_round.pk],
        )
        return [row[0] for row in cursor.fetchall()]


def test_ordering_the_answers_by_any_column_does_not_give_the_answering_order():
    """Identical scores make every score column a tie, so the order the database falls back
    on (the rows' physical order) is what this sees: it must not be the answering order."""
    _manager, reports = team(size=ANSWERERS)
    pulse_round = survey_launched().rounds.get()
    markers = _answer_in_order(pulse_round, reports)
    # Every column but the comment, which holds this test's marker of who answered.
    columns = [name for name in _columns(ANSWER_TABLE) if name != "comment"]
    orders = [f'"{name}"' for name in columns] + ["(SELECT NULL)"]  # no order at all
    if connection.vendor == "postgresql":
        orders += ["ctid", "xmin::text::bigint"]
    for order_by in orders:
        for direction in ("ASC", "DESC"):
            seen = _markers_ordered_by(pulse_round, f"{order_by} {direction}")
            assert sorted(seen) == sorted(markers)
            assert seen != markers, f"ORDER BY {order_by} {direction} gives who answered when"
    # The ORM's default order too (the model orders by round only: a tie for all of them).
    by_orm = list(PulseAnswer.objects.filter(round=pulse_round).values_list("comment", flat=True))
    assert by_orm != markers


@pytest.mark.postgres
def test_answers_and_participations_share_no_writing_transaction_per_person():
    """PostgreSQL stamps each row with the transaction that wrote it (xmin). After every answer
    the whole round is written again by that answer's transaction, so every answer and every
    participation of the round carries the same xmin: none pairs with one person's row."""
    _manager, reports = team(size=6)
    pulse_round = survey_launched().rounds.get()
    _answer_in_order(pulse_round, reports[:5])
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT xmin::text FROM "{ANSWER_TABLE}" WHERE round_id = %s',  # noqa: S608
            [pulse_round.pk],
        )
        answer_xmins = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            f'SELECT DISTINCT xmin::text FROM "{PARTICIPATION_TABLE}" WHERE round_id = %s',  # noqa: S608
            [pulse_round.pk],
        )
        participation_xmins = {row[0] for row in cursor.fetchall()}
    assert len(answer_xmins) == 1
    # The one who has not answered carries it too: answered or not, nobody's row stands out.
    assert participation_xmins == answer_xmins


def test_the_rewrite_keeps_ids_links_and_hidden_comments():
    _manager, reports = team(size=6)
    pulse_round = survey_launched().rounds.get()
    participation_ids = set(
        PulseParticipation.objects.filter(round=pulse_round).values_list("pk", flat=True)
    )
    _answer_in_order(pulse_round, reports[:2])
    first = PulseAnswer.objects.get(round=pulse_round, comment="m10")
    services.pulse_comment_set_hidden(answer=first, by=UserFactory(roles=["HR"]), hidden=True)
    services.pulse_answer(
        participation=PulseParticipation.objects.get(round=pulse_round, employee=reports[2]),
        enps=5,
        scores=dict.fromkeys(("collaboration", "workload", "autonomy", "recognition", "growth"), 2),
    )
    assert PulseAnswer.objects.get(pk=first.pk).comment_hidden
    assert PulseAnswer.objects.filter(round=pulse_round).count() == 3
    assert (
        set(PulseParticipation.objects.filter(round=pulse_round).values_list("pk", flat=True))
        == participation_ids
    )
    assert PulseParticipation.objects.filter(round=pulse_round, answered=True).count() == 3
