import pytest
from django.core.management import call_command
from django.urls import reverse

from performance.models import Goal, Metric, Review, ReviewCycle
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.performance import GoalFactory, ReviewCycleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:performance_reviewcycle_changelist"


def _action(client, action, cycle):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [cycle.pk]},
        follow=True,
    )


def test_hr_launches_advances_reminds_and_closes_from_the_admin(client_for, hr_user):
    department = DepartmentFactory(name="Finance")
    EmployeeFactory.create_batch(2, department=department, manager=EmployeeFactory())
    cycle = ReviewCycleFactory()
    cycle.departments.add(department)
    client = client_for(hr_user)

    page = _action(client, "launch", cycle).content.decode()
    assert "launched; 2 review(s) created" in page
    assert (
        "0 review(s) created, 2 already there" in _action(client, "launch", cycle).content.decode()
    )
    assert Review.objects.count() == 2

    assert "4 reminder(s) queued" in _action(client, "remind_now", cycle).content.decode()
    assert "now at manager review" in _action(client, "advance", cycle).content.decode()
    assert "closed." in _action(client, "close", cycle).content.decode()
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.CLOSED
    assert "cannot be closed" in _action(client, "close", cycle).content.decode()


def test_only_hr_reaches_the_cycle_admin(client_for, hiring_manager):
    hiring_manager.is_staff = True
    hiring_manager.save()
    assert client_for(hiring_manager).get(reverse(CHANGELIST)).status_code == 403


def test_home_panel_lists_what_is_waiting(client_for):
    goal = GoalFactory(status=Goal.Status.PROPOSED)
    response = client_for(goal.employee.manager.user).get(reverse("home"))
    titles = [panel.title for panel in response.context["panels"]]
    assert "Performance" in titles
    assert f"Approve goal: {goal.title}" in response.content.decode()


def test_home_panel_is_absent_when_nothing_waits(client_for, employee_user):
    response = client_for(employee_user).get(reverse("home"))
    assert "Performance" not in [panel.title for panel in response.context["panels"]]


def test_seed_demo_builds_performance_data_once():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Metric.objects.count(), Review.objects.count(), Goal.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Metric.objects.count(), Review.objects.count(), Goal.objects.count()) == counts
    statuses = set(ReviewCycle.objects.values_list("status", flat=True))
    assert statuses == {"closed", "self_review"}
    ella = Review.objects.filter(employee__user__email="employee@example.com")
    assert ella.filter(cycle__status="self_review").exists()
    assert Metric.objects.get(name="Keystrokes per hour").measurements.count() == 6
