"""The sweep reads and writes in batches: queries grow with batches, never with items."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.services import reminders_collect, reminders_queue_due
from tests.factories.people import EmployeeFactory
from tests.notifications.conftest import WEDNESDAY_10AM

pytestmark = pytest.mark.django_db
BATCH = 500
# Per batch at most: the employees' managers, the recipients' accounts, one INSERT.
QUERIES_PER_BATCH = 3
# Per sweep: HR's members, and for sqlite/postgres the savepoints of bulk_create.
QUERIES_PER_SWEEP = 2


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
                    "due": today - datetime.timedelta(days=n % 9),
                }
                for n in range(count)
            ),
        )

    return register


@pytest.mark.parametrize("count", [1000, 3000])
def test_collect_queries_are_bounded_per_batch(many_due, count):
    many_due(count)
    with CaptureQueriesContext(connection) as queries:
        offered = reminders_collect(now=WEDNESDAY_10AM)
    batches = math.ceil(count / BATCH)
    assert len(queries) <= QUERIES_PER_SWEEP + QUERIES_PER_BATCH * batches, len(queries)
    # Each item reminds its owner; those 3+ days late copy the manager, 7+ days HR as well.
    assert offered > count
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
