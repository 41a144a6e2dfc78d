"""The sweep reads and writes in batches: queries grow with batches, never with items."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import ledger_stage, reminders_collect, reminders_queue_due
from tests.factories.people import EmployeeFactory
from tests.notifications.conftest import WEDNESDAY_10AM

pytestmark = pytest.mark.django_db
BATCH = 500
# Per sweep: HR's members; the company's closure days (working days overdue); the stage table
# made, and dropped at the end.
QUERIES_PER_SWEEP = 5
# Per kind: its rows sent to the stage (one COPY per STAGE_FLUSH_ROWS rows on PostgreSQL),
# then one INSERT into the ledger in a savepoint, and the stage emptied.
QUERIES_PER_KIND = 5
# Per batch at most: the employees and the recipients not looked up before in this sweep.
LOOKUPS_PER_BATCH = 2


@pytest.fixture
def many_due(settings, due_items):
    """register(count): a kind with `count` items over 40 employees, a third of them late."""
    settings.REMINDER_BATCH_SIZE = BATCH
    boss = EmployeeFactory()
    EmployeeFactory(user__roles=["HR"])
    staff = [EmployeeFactory(manager=boss) for _ in range(40)]
    today = WEDNESDAY_10AM.date()

    def register(count: int):
        due_items(
            "tests.bulk",
            lambda now: (
                {
                    "recipient_id": staff[n % 40].user_id,
                    "subject": f"bulk:{n}",
                    "employee_id": staff[n % 40].id,
                    # Up to 12 calendar days late: up to 8 working days, past HR's 7.
                    "due": today - datetime.timedelta(days=n % 13),
                }
                for n in range(count)
            ),
        )

    return register


@pytest.mark.parametrize("count", [1000, 3000])
def test_collect_queries_do_not_grow_with_items(many_due, count):
    many_due(count)
    with CaptureQueriesContext(connection) as queries:
        offered = reminders_collect(now=WEDNESDAY_10AM)
    # The same 42 people in every batch: only the first batch looks anybody up.
    assert len(queries) <= QUERIES_PER_SWEEP + QUERIES_PER_KIND + LOOKUPS_PER_BATCH, len(queries)
    # Each item reminds its owner; those 3+ working days late copy the manager, 7+ HR as well.
    assert offered > count
    assert ReminderLedger.objects.count() == offered


def test_collect_looks_up_each_person_once_per_sweep(settings, many_due):
    many_due(3000)
    # Batches of 10 over 40 employees: the first four batches bring new people, the other
    # 296 only people already looked up.
    settings.REMINDER_BATCH_SIZE = 10
    with CaptureQueriesContext(connection) as queries:
        reminders_collect(now=WEDNESDAY_10AM)
    bound = QUERIES_PER_SWEEP + QUERIES_PER_KIND + LOOKUPS_PER_BATCH * 4
    assert len(queries) <= bound, len(queries)


def test_collect_sends_the_stage_in_chunks(monkeypatch, many_due):
    many_due(1000)
    monkeypatch.setattr(ledger_stage, "STAGE_FLUSH_ROWS", 300)
    with CaptureQueriesContext(connection) as queries:
        offered = reminders_collect(now=WEDNESDAY_10AM)
    # COPY on PostgreSQL, executemany elsewhere: once per batch here, as each batch of 500
    # items fills more than 300 rows.
    loads = [
        query
        for query in queries
        if query["sql"].startswith("COPY ")
        or "INTO notifications_ledger_stage VALUES" in query["sql"]
    ]
    assert len(loads) == 2
    assert ReminderLedger.objects.count() == offered


def test_queueing_queries_are_bounded_per_batch_of_recipients(
    settings, many_due, django_capture_on_commit_callbacks
):
    many_due(3000)
    reminders_collect(now=WEDNESDAY_10AM)
    settings.REMINDER_BATCH_SIZE = 10  # 42 recipients: five batches
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        queued, _ = reminders_queue_due(now=WEDNESDAY_10AM)
    assert queued == 42
    assert len(callbacks) == 5
    # The list of recipients, then per batch: daily-digest users, the UPDATE (+ savepoints).
    assert len(queries) <= 1 + 5 * 4, len(queries)
    # One row per recipient carries the mark; their digest sends it with the rest.
    assert ReminderLedger.objects.filter(queued_at=WEDNESDAY_10AM).count() == 42
