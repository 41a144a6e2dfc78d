"""Every performance URL for each role: who gets in, who gets 403 or 404; nothing changes."""

import pytest
from django.urls import reverse

from performance.models import Goal, Review
from tests.factories.people import EmployeeFactory
from tests.factories.performance import GoalFactory, PeerFeedbackFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(db):
    review = ReviewFactory()
    return {
        "review": review,
        "goal": GoalFactory(employee=review.employee),
        "peer": PeerFeedbackFactory(review=review),
    }


def _urls(objects):
    review, goal, peer = objects["review"], objects["goal"], objects["peer"]
    employee = review.employee
    return {
        "landing": reverse("performance:landing"),
        "review_detail": reverse("performance:review_detail", args=[review.pk]),
        "peer_feedback": reverse("performance:peer_feedback", args=[peer.pk]),
        "calibration": reverse("performance:calibration", args=[review.cycle_id]),
        "employee_metrics": reverse("performance:employee_metrics", args=[employee.pk]),
        "team_metrics": reverse("performance:team_metrics"),
        "measurement_new": reverse("performance:measurement_new"),
        "measurement_import": reverse("performance:measurement_import"),
        "goal_new": reverse("performance:goal_new", args=[employee.pk]),
        "goal_detail": reverse("performance:goal_detail", args=[goal.pk]),
        "check_in": reverse("performance:check_in", args=[999999]),
        "feedback": reverse("performance:feedback"),
        "one_on_ones": reverse("performance:one_on_ones", args=[employee.pk]),
        "reports": reverse("performance:reports"),
    }


# What a colleague outside the review (an employee with no reports) gets on GET.
OUTSIDER = {
    "landing": 200,
    "review_detail": 404,
    "peer_feedback": 404,
    "calibration": 404,
    "employee_metrics": 404,
    "team_metrics": 403,
    "measurement_new": 403,
    "measurement_import": 403,
    "goal_new": 404,
    "goal_detail": 404,
    "check_in": 404,
    "feedback": 200,
    "one_on_ones": 404,
    "reports": 403,
}
EMPLOYEE = {
    **OUTSIDER,
    "review_detail": 200,
    "employee_metrics": 200,
    "goal_new": 200,
    "goal_detail": 200,
    "one_on_ones": 200,
    "calibration": 404,
}
MANAGER = {
    **EMPLOYEE,
    "team_metrics": 200,
    "measurement_new": 200,
    "measurement_import": 200,
    "calibration": 200,
}
HR = {**MANAGER, "reports": 200, "one_on_ones": 403, "goal_new": 403}


@pytest.mark.parametrize(
    ("who", "expected"),
    [("outsider", OUTSIDER), ("employee", EMPLOYEE), ("manager", MANAGER), ("hr", HR)],
)
def test_each_url_for_each_role(client_for, objects, hr_user, who, expected):
    review = objects["review"]
    user = {
        "outsider": EmployeeFactory().user,
        "employee": review.employee.user,
        "manager": review.manager.user,
        "hr": hr_user,
    }[who]
    client = client_for(user)
    answered = {name: client.get(url).status_code for name, url in _urls(objects).items()}
    assert answered == expected


def test_users_without_a_role_get_403_everywhere(client_for, objects, user_without_role):
    client = client_for(user_without_role)
    for name, url in _urls(objects).items():
        assert client.get(url).status_code == 403, name


POST_ONLY = ["review_save", "review_acknowledge", "review_nominate_peers", "review_adjust_rating"]


@pytest.mark.parametrize("name", POST_ONLY)
def test_actions_refuse_get_and_outsiders(client_for, objects, name):
    review = objects["review"]
    url = reverse(f"performance:{name}", args=[review.pk])
    assert client_for(review.employee.user).get(url).status_code == 405
    before = list(Review.objects.values())
    response = client_for(EmployeeFactory().user).post(url, {"to_rating": "5", "reason": "x"})
    assert response.status_code == 404
    assert list(Review.objects.values()) == before


@pytest.mark.parametrize("name", ["goal_decide", "goal_update", "goal_comment"])
def test_goal_actions_refuse_get_and_outsiders(client_for, objects, name):
    goal = objects["goal"]
    url = reverse(f"performance:{name}", args=[goal.pk])
    assert client_for(goal.employee.user).get(url).status_code == 405
    response = client_for(EmployeeFactory().user).post(
        url, {"decision": "approve", "progress": "100", "comment": "x"}
    )
    assert response.status_code == 404
    assert Goal.objects.get().status == Goal.Status.PROPOSED
    assert not goal.updates.exists()
