import datetime

import pytest
from django.utils import timezone

from backoffice.notifications.models import OutboxMessage
from backoffice.people.models import Employee
from performance.models import Review, ReviewCycle
from performance.services import cycles as services
from tests.factories.people import DepartmentFactory, EmployeeFactory, RoleFamilyFactory
from tests.factories.performance import ReviewCycleFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def _team(department, count=2):
    manager = EmployeeFactory(department=department)
    return manager, EmployeeFactory.create_batch(count, department=department, manager=manager)


def test_launch_creates_one_review_per_participant_and_opens_self_review():
    finance = DepartmentFactory(name="Finance")
    manager, team = _team(finance)
    EmployeeFactory(department=DepartmentFactory(name="Operations"), manager=manager)
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)

    result = services.review_cycle_launch(cycle=cycle, today=TODAY)

    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.SELF_REVIEW
    assert cycle.launched_at is not None
    assert set(cycle.reviews.values_list("employee_id", flat=True)) == {e.pk for e in team}
    assert result.created == 2
    assert result.left_out_without_manager == 1  # the manager has no manager of their own
    assert all(r.manager_id == manager.pk for r in cycle.reviews.all())


def test_launching_twice_creates_nothing_twice(django_capture_on_commit_callbacks):
    finance = DepartmentFactory(name="Finance")
    _team(finance, count=3)
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)

    with django_capture_on_commit_callbacks() as first_callbacks:
        first = services.review_cycle_launch(cycle=cycle, today=TODAY)
    with django_capture_on_commit_callbacks() as second_callbacks:
        second = services.review_cycle_launch(cycle=cycle, today=TODAY)

    assert (first.created, second.created, second.already_there) == (3, 0, 3)
    assert Review.objects.filter(cycle=cycle).count() == 3
    # "Your review has started" to each of the 3 employees, one email to their manager.
    assert len(first_callbacks) == 4
    assert (
        sorted(OutboxMessage.objects.values_list("template", flat=True))
        == ["performance_review_action"] * 4
    )
    assert second_callbacks == []  # nobody is notified twice
    assert OutboxMessage.objects.count() == 4


def test_a_second_launch_adds_only_people_who_joined_since():
    finance = DepartmentFactory(name="Finance")
    manager, _ = _team(finance, count=1)
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)
    services.review_cycle_launch(cycle=cycle, today=TODAY)
    EmployeeFactory(department=finance, manager=manager)

    result = services.review_cycle_launch(cycle=cycle, today=TODAY)

    assert (result.created, result.already_there) == (1, 1)
    assert cycle.reviews.count() == 2


def test_participants_by_role_family_or_picked_and_only_active():
    family = RoleFamilyFactory(slug="payroll-clerk")
    other = RoleFamilyFactory(slug="receptionist")
    manager = EmployeeFactory(role_family=other)
    in_family = EmployeeFactory(role_family=family, manager=manager)
    picked = EmployeeFactory(role_family=other, manager=manager)
    EmployeeFactory(role_family=family, manager=manager, status=Employee.Status.LEFT)
    EmployeeFactory(role_family=other, manager=manager)  # neither in the family nor picked
    cycle = ReviewCycleFactory()
    cycle.role_families.add(family)
    cycle.picked_employees.add(picked)

    services.review_cycle_launch(cycle=cycle, today=TODAY)

    assert set(cycle.reviews.values_list("employee_id", flat=True)) == {in_family.pk, picked.pk}


@pytest.mark.parametrize(
    ("rule", "expected_kinds", "left_out"),
    [
        (ReviewCycle.NewStarterRule.EXCLUDE, ["regular"], 1),
        (ReviewCycle.NewStarterRule.PROBATION, ["probation", "regular"], 0),
    ],
)
def test_new_starters_are_left_out_or_given_a_probation_review(rule, expected_kinds, left_out):
    department = DepartmentFactory(name="Finance")
    manager = EmployeeFactory()
    EmployeeFactory(
        department=department, manager=manager, start_date=TODAY - datetime.timedelta(days=400)
    )
    EmployeeFactory(
        department=department, manager=manager, start_date=TODAY - datetime.timedelta(days=20)
    )
    cycle = ReviewCycleFactory(new_starter_days=90, new_starter_rule=rule)
    cycle.departments.add(department)

    result = services.review_cycle_launch(cycle=cycle, today=TODAY)

    assert sorted(cycle.reviews.values_list("kind", flat=True)) == expected_kinds
    assert result.left_out_new_starters == left_out


def test_a_closed_cycle_cannot_be_launched_again():
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.CLOSED)
    with pytest.raises(services.CycleError):
        services.review_cycle_launch(cycle=cycle, today=TODAY)


def test_advance_walks_the_steps_and_skips_peer_feedback_when_off():
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    seen = []
    while cycle.status != ReviewCycle.Status.CLOSED:
        cycle = services.review_cycle_advance(cycle=cycle)
        seen.append(cycle.status)
    assert seen == ["manager_review", "calibration", "sharing", "acknowledgement", "closed"]
    with pytest.raises(services.CycleError):
        services.review_cycle_advance(cycle=cycle)


def test_advance_stops_at_peer_feedback_when_the_cycle_has_it():
    cycle = ReviewCycleFactory(
        status=ReviewCycle.Status.SELF_REVIEW,
        peer_feedback_enabled=True,
        peer_feedback_due=timezone.localdate(),
    )
    assert services.review_cycle_advance(cycle=cycle).status == "peer_feedback"


def test_a_draft_cycle_cannot_be_advanced_or_closed():
    cycle = ReviewCycleFactory()
    with pytest.raises(services.CycleError):
        services.review_cycle_advance(cycle=cycle)
    with pytest.raises(services.CycleError):
        services.review_cycle_close(cycle=cycle)


def test_entering_sharing_shares_only_submitted_manager_reviews(review):
    from tests.factories.performance import ReviewFactory

    unfinished = ReviewFactory(cycle=review.cycle)
    write_side(review, "self")
    write_side(review, "manager", rating=5)
    cycle = review.cycle
    cycle.status = ReviewCycle.Status.CALIBRATION
    cycle.save()

    services.review_cycle_advance(cycle=cycle)

    review.refresh_from_db()
    unfinished.refresh_from_db()
    assert review.status == Review.Status.SHARED
    assert review.final_rating == 5
    assert unfinished.status == Review.Status.WRITING


def test_close_shares_written_reviews_and_marks_the_rest_not_completed(review):
    from tests.factories.performance import ReviewFactory

    unfinished = ReviewFactory(cycle=review.cycle)
    write_side(review, "self")
    write_side(review, "manager")

    services.review_cycle_close(cycle=review.cycle)

    review.refresh_from_db()
    unfinished.refresh_from_db()
    review.cycle.refresh_from_db()
    assert review.cycle.status == ReviewCycle.Status.CLOSED
    assert review.status == Review.Status.SHARED
    assert unfinished.status == Review.Status.NOT_COMPLETED
