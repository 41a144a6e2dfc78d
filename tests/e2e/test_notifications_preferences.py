import pytest
from playwright.sync_api import expect

from backoffice.notifications import reminders
from backoffice.notifications.models import ReminderPreference
from backoffice.notifications.reminders import reminder_kind
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def two_kinds():
    saved = dict(reminders._kinds)
    reminder_kind(key="tests.training", label="Sample trainings expiring")(lambda now: [])
    reminder_kind(key="tests.review", label="Sample approvals due", required=True)(lambda now: [])
    yield
    reminders._kinds.clear()
    reminders._kinds.update(saved)


def test_an_employee_switches_to_a_daily_digest_and_turns_a_kind_off(page, two_kinds):
    ella = EmployeeFactory(user__email="ella@example.com", user__first_name="Ella").user
    sign_in(page, "ella@example.com", PASSWORD)

    page.get_by_role("button", name="Ella").click()
    page.get_by_role("link", name="Reminder settings").click()
    expect(page.get_by_role("heading", name="Reminder settings")).to_be_visible()
    expect(page.get_by_text("Sample approvals due")).to_be_visible()  # required: no checkbox

    page.get_by_label("One daily digest").check()
    page.get_by_label("Sample trainings expiring").uncheck()
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Your reminder settings are saved.")).to_be_visible()
    expect(page.get_by_label("One daily digest")).to_be_checked()
    expect(page.get_by_label("Sample trainings expiring")).not_to_be_checked()
    preference = ReminderPreference.objects.get(user=ella)
    assert (preference.delivery, preference.muted_kinds) == ("daily", ["tests.training"])
    assert page.console_errors == []
