"""The reminder settings page: one's own settings only."""

import pytest
from django.urls import reverse

from backoffice.notifications.models import ReminderPreference
from tests.factories.notifications import ReminderLedgerFactory, ReminderPreferenceFactory

pytestmark = pytest.mark.django_db
URL = reverse("notifications:preferences")


@pytest.fixture
def kinds(due_items):
    due_items("tests.training", [], label="Trainings expiring")
    due_items("tests.review", [], label="Reviews due", required=True)


def test_page_shows_the_choices_and_recent_reminders(client_for, employee_user, kinds):
    ReminderLedgerFactory(recipient=employee_user, title="Renew the GDPR training")
    ReminderLedgerFactory(title="Someone else's reminder")
    response = client_for(employee_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trainings expiring" in html
    assert "Reviews due" in html
    assert "required" in html
    assert "Renew the GDPR training" in html
    assert "Someone else" not in html


def test_saving_choices(client_for, employee_user, kinds):
    response = client_for(employee_user).post(URL, {"delivery": "daily", "wanted_kinds": []})
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=employee_user)
    assert preference.delivery == "daily"
    assert preference.muted_kinds == ["tests.training"]  # the required kind cannot be muted

    client_for(employee_user).post(
        URL, {"delivery": "immediate", "wanted_kinds": ["tests.training"]}
    )
    preference.refresh_from_db()
    assert (preference.delivery, preference.muted_kinds) == ("immediate", [])


def test_bad_input_is_refused_and_nothing_changes(client_for, employee_user, kinds):
    ReminderPreferenceFactory(user=employee_user, delivery="daily")
    response = client_for(employee_user).post(
        URL, {"delivery": "hourly", "wanted_kinds": ["tests.nope"]}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert ReminderPreference.objects.get(user=employee_user).delivery == "daily"


def test_nobody_can_change_someone_elses_settings(client_for, employee_user, hr_user, kinds):
    ReminderPreferenceFactory(user=hr_user, delivery="immediate")
    client_for(employee_user).post(
        URL, {"delivery": "daily", "wanted_kinds": [], "user": hr_user.id}
    )
    assert ReminderPreference.objects.get(user=hr_user).delivery == "immediate"
    assert ReminderPreference.objects.get(user=employee_user).delivery == "daily"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))


def test_wrong_method(client_for, employee_user):
    assert client_for(employee_user).delete(URL).status_code == 405


def test_the_user_menu_links_to_the_page(client_for, user_without_role):
    response = client_for(user_without_role).get(reverse("home"))
    assert URL in response.content.decode()


LIST_URL = reverse("notifications:reminder_list")


def test_the_list_shows_ones_own_reminders_of_one_group(client_for, employee_user, kinds):
    ReminderLedgerFactory(recipient=employee_user, kind="tests.training", title="Renew GDPR")
    ReminderLedgerFactory(
        recipient=employee_user, kind="tests.training", audience="manager", title="Team's CRM"
    )
    ReminderLedgerFactory(recipient=employee_user, kind="tests.review", title="Self review")
    ReminderLedgerFactory(kind="tests.training", title="Someone else's reminder")

    response = client_for(employee_user).get(
        LIST_URL, {"kind": "tests.training", "audience": "owner"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Trainings expiring" in html
    assert "Renew GDPR" in html
    for hidden in ("Team&#x27;s CRM", "Self review", "Someone else"):
        assert hidden not in html
    everything = client_for(employee_user).get(LIST_URL, {"audience": "nonsense"})
    for shown in ("Renew GDPR", "Team&#x27;s CRM", "Self review"):
        assert shown in everything.content.decode()
    assert "Someone else" not in everything.content.decode()


@pytest.mark.parametrize("count", [3, 60])
def test_the_list_costs_the_same_queries_at_any_size(
    client_for, employee_user, count, django_assert_max_num_queries
):
    ReminderLedgerFactory.create_batch(count, recipient=employee_user)
    client = client_for(employee_user)
    # The session, the user and their roles (the top bar), the count and the page of
    # reminders, the session's save.
    with django_assert_max_num_queries(6):
        assert client.get(LIST_URL).status_code == 200


def test_the_list_is_for_signed_in_people_and_only_read(client, client_for, employee_user):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
    assert client_for(employee_user).post(LIST_URL).status_code == 405
