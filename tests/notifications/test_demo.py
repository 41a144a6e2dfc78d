import pytest
from django.core.management import call_command

from backoffice.notifications.models import ReminderLedger

pytestmark = pytest.mark.django_db


def test_demo_reminders_are_added_once_with_one_failed_for_hr():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = ReminderLedger.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ReminderLedger.objects.count() == first == 3
    failed = ReminderLedger.objects.get(status=ReminderLedger.Status.FAILED)
    assert failed.recipient.email == "newhire@example.com"
