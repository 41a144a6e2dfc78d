import pytest
from django.core.management import call_command
from django.urls import reverse

from performance.models import Goal, Metric, Review, ReviewCycle
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.performance import GoalFactory, ReviewCycleFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:performance_reviewcycle_changelist"


def _press(client, name, cycle):
    """The cockpit's button: its confirmation page, then the POST it makes."""
    url = reverse(f"admin:performance_reviewcycle_{name}", args=[cycle.pk])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    cycle.refresh_from_db()
    response = client.post(url, {"step": cycle.status}, follow=True)
    return confirmation.content.decode(), response.content.decode()


@pytest.fixture(autouse=True)
def _reminders_any_time(settings):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None


def test_hr_launches_advances_reminds_and_closes_from_the_cockpit(client_for, hr_user):
    department = DepartmentFactory(name="Finance")
    EmployeeFactory.create_batch(2, department=department, manager=EmployeeFactory())
    cycle = ReviewCycleFactory()
    cycle.departments.add(department)
    client = client_for(hr_user)

    confirmation, page = _press(client, "launch", cycle)
    assert "creates 2 reviews" in confirmation
    assert "emails 3 people" in confirmation  # two employees and their one manager
    assert "Launched: 2 review(s) created" in page
    assert Review.objects.count() == 2

    confirmation, page = _press(client, "remind", cycle)
    assert "reminds 2 people" in confirmation
    assert "Reminder asked for 2 people" in page
    confirmation, page = _press(client, "advance", cycle)
    assert "now at manager review" in page
    confirmation, page = _press(client, "close", cycle)
    assert "marks 2 reviews not completed" in confirmation
    assert "The cycle is closed." in page
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.CLOSED
    history = list(cycle.events.order_by("at", "id").values_list("kind", "by"))
    assert history == [
        ("launched", hr_user.pk),
        ("reminded", hr_user.pk),
        ("advanced", hr_user.pk),
        ("closed", hr_user.pk),
    ]


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
