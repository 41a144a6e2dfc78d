import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.people.models import Employee
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _nav_labels(response) -> list[str]:
    return [link.label for link in response.context["nav_links"]]


def test_hr_home_lists_who_starts_soon_and_links_to_the_admin(client_for, hr_user):
    starter = EmployeeFactory(
        status=Employee.Status.PRE_START,
        start_date=timezone.localdate() + datetime.timedelta(days=5),
    )
    response = client_for(hr_user).get(reverse("home"))
    assert response.status_code == 200
    titles = [panel.title for panel in response.context["panels"]]
    assert titles == ["You", "Starting soon", "Leavers"]
    assert str(starter) in response.content.decode()
    assert _nav_labels(response) == ["My work", "Recruiting", "Onboarding", "Performance"]
    assert reverse("admin:index") in response.content.decode()


def test_manager_home_shows_their_team(client_for):
    manager = EmployeeFactory(user__roles=["Hiring manager"])
    report = EmployeeFactory(manager=manager)
    someone_else = EmployeeFactory()
    response = client_for(manager.user).get(reverse("home"))
    page = response.content.decode()
    assert str(report) in page
    assert str(someone_else) not in page
    assert "Recruiting" in _nav_labels(response)


def test_new_hire_home_welcomes_them_with_their_start_date(client_for):
    new_hire = EmployeeFactory(
        status=Employee.Status.PRE_START,
        start_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    response = client_for(new_hire.user).get(reverse("home"))
    page = response.content.decode()
    assert "You start in 7 days" in page
    assert _nav_labels(response) == ["My work", "Onboarding", "Performance"]
    assert reverse("admin:index") not in page


def test_user_without_a_role_gets_a_clear_empty_state(client_for, user_without_role):
    response = client_for(user_without_role).get(reverse("home"))
    assert "nothing here for you" in response.content.decode()
    assert _nav_labels(response) == ["My work"]


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count_does_not_grow_with_team_or_starters(
    client_for, django_assert_max_num_queries, size
):
    manager = EmployeeFactory(user__roles=["HR"])
    soon = timezone.localdate() + datetime.timedelta(days=3)
    EmployeeFactory.create_batch(size, manager=manager)
    EmployeeFactory.create_batch(size, status=Employee.Status.PRE_START, start_date=soon)
    client = client_for(manager.user)
    # 6 for the shell and the people panels (leavers included), +2 for onboarding's (my items,
    # team plans), +1 for performance's "anything waiting?", +2 for recruiting's "requisitions
    # to approve" and "offers to approve".
    with django_assert_max_num_queries(6 + 2 + 1 + 2):
        response = client.get(reverse("home"))
    assert response.status_code == 200
