"""Two HR users (or one double click) press the same button at once: it happens once."""

import threading

import pytest
from django.db import connection

from performance.models import CycleEvent, Review, ReviewCycle
from performance.services import cycles as services
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.performance import ReviewCycleFactory, ReviewFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(cycle_id: int, action, calls: list[dict]) -> list[object]:
    """Run each call in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, kwargs: dict) -> None:
        try:
            cycle = ReviewCycle.objects.get(pk=cycle_id)
            barrier.wait(timeout=10)
            results[index] = action(cycle=cycle, **kwargs)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_advances_at_once_move_the_cycle_one_step(hr_user):
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    other_hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    results = _race(
        cycle.pk,
        services.review_cycle_advance,
        [
            {"by": hr_user, "expected_status": "self_review"},
            {"by": other_hr, "expected_status": "self_review"},
        ],
    )
    refused = [result for result in results if isinstance(result, services.CycleError)]
    moved = [result for result in results if isinstance(result, ReviewCycle)]
    assert len(moved) == 1, results
    assert len(refused) == 1, results
    assert "while you were looking" in refused[0].text
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.MANAGER_REVIEW
    assert CycleEvent.objects.filter(kind="advanced").count() == 1


def test_two_launches_at_once_create_each_review_once(hr_user):
    finance = DepartmentFactory()
    EmployeeFactory.create_batch(3, department=finance, manager=EmployeeFactory())
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)
    results = _race(cycle.pk, services.review_cycle_launch, [{"by": hr_user}, {"by": hr_user}])
    created = sorted(result.created for result in results)
    assert created == [0, 3], results
    assert Review.objects.filter(cycle=cycle).count() == 3
    assert CycleEvent.objects.filter(kind="launched").count() == 1


def test_two_reminds_at_once_email_each_person_once(hr_user, mailoutbox, settings):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    reviews = [ReviewFactory(cycle=cycle) for _ in range(3)]
    other_hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    results = _race(
        cycle.pk,
        services.review_cycle_remind,
        [{"by": hr_user}, {"by": other_hr}],
    )
    assert all(isinstance(result, services.RemindResult) for result in results), results
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted(review.employee.user.email for review in reviews)
    assert CycleEvent.objects.filter(kind="reminded").count() == 2  # both presses, recorded
