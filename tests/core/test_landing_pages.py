import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

RECRUITING = reverse("recruiting:landing")
ONBOARDING = reverse("onboarding:landing")
PERFORMANCE = reverse("performance:landing")


@pytest.mark.parametrize(
    ("role_fixture", "url", "status"),
    [
        ("hr_user", RECRUITING, 200),
        ("hiring_manager", RECRUITING, 200),
        ("interviewer", RECRUITING, 200),
        ("employee_user", RECRUITING, 403),
        ("user_without_role", RECRUITING, 403),
        ("employee_user", ONBOARDING, 200),
        ("hr_user", ONBOARDING, 200),
        ("user_without_role", ONBOARDING, 403),
        ("employee_user", PERFORMANCE, 200),
        ("user_without_role", PERFORMANCE, 403),
    ],
)
def test_landing_page_access(request, client_for, role_fixture, url, status):
    user = request.getfixturevalue(role_fixture)
    response = client_for(user).get(url)
    assert response.status_code == status
    if status == 403:
        assert "You don't have access to this page" in response.content.decode()


@pytest.mark.parametrize("url", [RECRUITING, ONBOARDING, PERFORMANCE])
def test_landing_pages_accept_only_get(client_for, hr_user, url):
    assert client_for(hr_user).post(url).status_code == 405


def test_unknown_page_shows_the_house_404(client_for, employee_user):
    response = client_for(employee_user).get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
