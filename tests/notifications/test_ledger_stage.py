"""Staging ledger rows: COPY on PostgreSQL, executemany elsewhere, one INSERT that skips keys."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import ledger_stage
from backoffice.notifications.services.ledger_stage import LedgerStage
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

AWKWARD = 'Sign "the" policy, then\nthe annex\t\\ section 3; café — 100%'


def _row(recipient_id, subject, *, title="Do it", due="2026-11-20", employee_id=None):
    return (recipient_id, "tests.thing", subject, "once", "owner", title, "/x/", due, employee_id)


@pytest.fixture(params=["native", "portable"])
def stage(request):
    """A stage loading rows the database's own way, or the SQLite way on any database."""
    with LedgerStage() as staged:
        if request.param == "portable":
            staged._postgres = False
        yield staged


def test_rows_arrive_exactly_as_given(stage):
    user = UserFactory()
    employee = EmployeeFactory()
    stage.add(
        [
            _row(user.id, "a", title=AWKWARD, employee_id=employee.id),
            _row(user.id, "b", title="", due=None),
        ]
    )
    assert stage.move() == 2
    awkward = ReminderLedger.objects.get(subject="a")
    assert (awkward.title, awkward.due, awkward.employee) == (
        AWKWARD,
        datetime.date(2026, 11, 20),
        employee,
    )
    empty = ReminderLedger.objects.get(subject="b")
    assert (empty.title, empty.due, empty.employee) == ("", None, None)
    assert (empty.status, empty.attempts, empty.last_error) == ("pending", 0, "")
    assert empty.created_at is not None


def test_a_key_goes_in_once_however_often_it_is_offered(stage):
    user = UserFactory()
    stage.add([_row(user.id, "a"), _row(user.id, "a", title="Twice in one sweep")])
    assert stage.move() == 1
    stage.add([_row(user.id, "a"), _row(user.id, "b")])
    assert stage.move() == 1  # only "b" is new
    assert sorted(ReminderLedger.objects.values_list("subject", flat=True)) == ["a", "b"]


def test_rows_are_sent_in_chunks(stage, monkeypatch):
    monkeypatch.setattr(ledger_stage, "STAGE_FLUSH_ROWS", 2)
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        stage.add([_row(user.id, "a"), _row(user.id, "b")])  # sent at once
        stage.add([_row(user.id, "c")])  # held until move()
        sent_before_move = len(queries)
        assert stage.move() == 3
    assert sent_before_move == 3  # the stage table dropped, made, then the first chunk


def test_a_failed_move_leaves_the_stage_empty_and_the_ledger_as_it_was(stage):
    user = UserFactory()
    stage.add([_row(user.id, "a"), _row(None, "no recipient")])
    with pytest.raises(IntegrityError):
        stage.move()
    assert not ReminderLedger.objects.exists()
    # The next kind's rows go in alone.
    stage.add([_row(user.id, "b")])
    assert stage.move() == 1
    assert list(ReminderLedger.objects.values_list("subject", flat=True)) == ["b"]


def test_nothing_staged_costs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0), LedgerStage() as stage:
        assert stage.move() == 0


@pytest.mark.postgres
def test_postgresql_loads_the_stage_with_copy():
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries, LedgerStage() as stage:
        stage.add([_row(user.id, "a")])
        stage.move()
    assert any(query["sql"].startswith("COPY notifications_ledger_stage") for query in queries)
