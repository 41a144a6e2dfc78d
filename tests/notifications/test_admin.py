"""HR sees failed reminders in the admin and resends them."""

import pytest
from django.core import mail
from django.urls import reverse

from backoffice.notifications.models import ReminderLedger
from tests.factories.notifications import ReminderLedgerFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:notifications_reminderledger_changelist")


def test_hr_lists_failed_reminders(client_for, hr_user):
    ReminderLedgerFactory(status="failed", title="Failed one", last_error="550 mailbox full")
    ReminderLedgerFactory(title="Pending one")
    response = client_for(hr_user).get(CHANGELIST, {"status__exact": "failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Failed one" in html
    assert "550 mailbox full" in html
    assert "Pending one" not in html


def test_hr_resends_from_the_admin(client_for, hr_user, django_capture_on_commit_callbacks):
    failed = ReminderLedgerFactory(status="failed", attempts=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr_user).post(
            CHANGELIST, {"action": "resend", "_selected_action": [failed.id]}
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == ReminderLedger.Status.SENT
    assert len(mail.outbox) == 1


def test_other_people_do_not_get_the_admin(client_for, employee_user):
    ReminderLedgerFactory(status="failed")
    response = client_for(employee_user).get(CHANGELIST)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
