"""The sweep: what goes into the ledger, and what is queued for sending, at a frozen time."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from backoffice.notifications.models import ReminderLedger, ReminderPreference
from backoffice.notifications.services import (
    reminders_collect,
    reminders_queue_due,
    reminders_sweep,
)
from backoffice.people.models import CompanyClosure
from tests.factories.notifications import ReminderPreferenceFactory
from tests.factories.people import EmployeeFactory, UserFactory
from tests.notifications.conftest import LONDON, WEDNESDAY_10AM

pytestmark = pytest.mark.django_db
TODAY = WEDNESDAY_10AM.date()


def sweep(captured, now=WEDNESDAY_10AM):
    """Run a sweep and then what it queued after commit (tasks run in-process here)."""
    with captured(execute=True):
        return reminders_sweep(now=now)


def test_sweeping_twice_sends_one_email(frozen, due_items, django_capture_on_commit_callbacks):
    frozen(WEDNESDAY_10AM)
    user = UserFactory(email="ella@example.com")
    due_items("tests.thing", [{"recipient_id": user.id, "subject": "thing:1"}])

    first = sweep(django_capture_on_commit_callbacks)
    second = sweep(django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert first.recipients_queued == 1
    assert second.recipients_queued == 0
    row = ReminderLedger.objects.get()
    assert row.status == ReminderLedger.Status.SENT
    assert row.attempts == 1
    assert row.sent_at == WEDNESDAY_10AM


def test_one_digest_per_recipient_lists_all_their_items(
    frozen, due_items, django_capture_on_commit_callbacks
):
    frozen(WEDNESDAY_10AM)
    ella, sam = UserFactory(email="ella@example.com"), UserFactory(email="sam@example.com")
    due_items(
        "tests.training",
        [
            {"recipient_id": ella.id, "subject": "t:1", "title": "Renew <GDPR> training"},
            {"recipient_id": ella.id, "subject": "t:2", "due": TODAY + datetime.timedelta(2)},
            {"recipient_id": sam.id, "subject": "t:3"},
        ],
        label="Trainings expiring",
    )
    due_items("tests.review", [{"recipient_id": ella.id, "subject": "r:1", "due": TODAY}])

    sweep(django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ella@example.com",
        "sam@example.com",
    ]
    message = next(message for message in mail.outbox if message.to == ["ella@example.com"])
    assert message.subject == "[Backoffice] 3 reminders for 25 November"
    html = message.alternatives[0][0]
    for subject in ("t:1", "t:2", "r:1"):
        assert f"https://hr.example.com/things/{subject}/" in message.body
        assert f"https://hr.example.com/things/{subject}/" in html
    assert "Trainings expiring" in message.body
    assert "Renew <GDPR> training" in message.body  # plain text is not escaped
    assert "Renew &lt;GDPR&gt; training" in html
    assert "https://hr.example.com/notifications/reminders/" in message.body


def test_nothing_happens_at_weekends_or_in_quiet_hours(frozen, due_items):
    user = UserFactory()
    due_items("tests.thing", [{"recipient_id": user.id, "subject": "thing:1"}])
    saturday = datetime.datetime(2026, 11, 28, 10, tzinfo=LONDON)
    evening = datetime.datetime(2026, 11, 25, 20, tzinfo=LONDON)
    for when in (saturday, evening):
        frozen(when)
        assert reminders_sweep(now=when).skipped
    assert not ReminderLedger.objects.exists()
    assert mail.outbox == []


def test_weekend_reminders_when_configured(
    settings, frozen, due_items, django_capture_on_commit_callbacks
):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    saturday = frozen(datetime.datetime(2026, 11, 28, 10, tzinfo=LONDON))
    user = UserFactory()
    due_items("tests.thing", [{"recipient_id": user.id, "subject": "thing:1"}])
    sweep(django_capture_on_commit_callbacks, now=saturday)
    assert len(mail.outbox) == 1


def test_opt_out_skips_optional_kinds_but_not_required_ones(due_items):
    user = UserFactory()
    ReminderPreferenceFactory(user=user, muted_kinds=["tests.optional", "tests.required"])
    due_items("tests.optional", [{"recipient_id": user.id, "subject": "o:1"}])
    due_items("tests.required", [{"recipient_id": user.id, "subject": "r:1"}], required=True)
    reminders_collect(now=WEDNESDAY_10AM)
    assert list(ReminderLedger.objects.values_list("kind", flat=True)) == ["tests.required"]


def test_inactive_users_and_users_without_email_get_no_row(due_items):
    gone = UserFactory(is_active=False)
    due_items("tests.thing", [{"recipient_id": gone.id, "subject": "thing:1"}])
    reminders_collect(now=WEDNESDAY_10AM)
    assert not ReminderLedger.objects.exists()


@pytest.fixture
def team():
    manager = EmployeeFactory(user__email="boss@example.com")
    employee = EmployeeFactory(manager=manager, user__first_name="Ella", user__last_name="Novak")
    hr = EmployeeFactory(user__roles=["HR"], user__email="hr@example.com")
    return manager, employee, hr


def _collect_overdue_by(days: int, employee, due_items):
    due_items(
        "tests.onboarding",
        [
            {
                "recipient_id": employee.user_id,
                "subject": "item:1",
                "title": "Sign the IT policy",
                "due": TODAY - datetime.timedelta(days=days),
                "employee_id": employee.id,
            }
        ],
    )
    reminders_collect(now=WEDNESDAY_10AM)
    return dict(ReminderLedger.objects.values_list("recipient__email", "audience"))


def test_two_days_overdue_reminds_only_the_owner(team, due_items):
    _manager, employee, _hr = team
    assert _collect_overdue_by(2, employee, due_items) == {employee.user.email: "owner"}


def test_three_days_overdue_copies_the_manager(team, due_items):
    _manager, employee, _hr = team
    rows = _collect_overdue_by(3, employee, due_items)
    assert rows == {employee.user.email: "owner", "boss@example.com": "manager"}
    copy = ReminderLedger.objects.get(audience="manager")
    assert copy.title == "Ella Novak: Sign the IT policy"
    assert copy.employee == employee


def test_seven_working_days_overdue_copies_hr_too(team, due_items):
    _manager, employee, _hr = team
    # Due Monday 16 November: seven working days late on Wednesday the 25th.
    rows = _collect_overdue_by(9, employee, due_items)
    assert rows == {
        employee.user.email: "owner",
        "boss@example.com": "manager",
        "hr@example.com": "hr",
    }


def test_escalation_counts_working_days_not_weekends(settings, team, due_items):
    settings.REMINDER_ESCALATE_MANAGER_DAYS = 4
    _manager, employee, _hr = team
    # Due Friday 20 November: five calendar days but only three working days late.
    assert set(_collect_overdue_by(5, employee, due_items).values()) == {"owner"}
    ReminderLedger.objects.all().delete()
    # Due Thursday the 19th: four working days late.
    assert set(_collect_overdue_by(6, employee, due_items).values()) == {"owner", "manager"}


def test_escalation_skips_a_company_closure_day(team, due_items):
    _manager, employee, _hr = team
    CompanyClosure.objects.create(
        name="Office move", first_day=TODAY - datetime.timedelta(1), last_day=TODAY
    )
    # Due Friday: Monday is the only working day since, so nobody else is copied in yet.
    assert set(_collect_overdue_by(5, employee, due_items).values()) == {"owner"}


def test_no_sweep_on_a_public_holiday_or_a_closure_day(settings, due_items):
    user = UserFactory()
    due_items("tests.thing", [{"recipient_id": user.id, "subject": "thing:1"}])
    settings.HOLIDAYS_COUNTRY = "GB"
    christmas = datetime.datetime(2026, 12, 25, 10, tzinfo=LONDON)  # a Friday
    assert reminders_sweep(now=christmas).skipped
    CompanyClosure.objects.create(name="Shutdown", first_day=TODAY, last_day=TODAY)
    assert reminders_sweep(now=WEDNESDAY_10AM).skipped
    assert not ReminderLedger.objects.exists()


def test_escalation_thresholds_come_from_settings(settings, team, due_items):
    settings.REMINDER_ESCALATE_MANAGER_DAYS = 1
    settings.REMINDER_ESCALATE_HR_DAYS = 2
    _manager, employee, _hr = team
    assert set(_collect_overdue_by(2, employee, due_items).values()) == {"owner", "manager", "hr"}


def test_escalated_copies_are_made_once_however_often_the_owner_is_reminded(team, due_items):
    _manager, employee, _hr = team
    due = TODAY - datetime.timedelta(days=10)
    due_items(
        "tests.onboarding",
        lambda now: [
            {
                "recipient_id": employee.user_id,
                "subject": "item:1",
                "period": now.date().isoformat(),  # the owner is reminded every day
                "due": due,
                "employee_id": employee.id,
            }
        ],
    )
    for day in range(3):
        reminders_collect(now=WEDNESDAY_10AM + datetime.timedelta(days=day))
    counts = {
        audience: ReminderLedger.objects.filter(audience=audience).count()
        for audience in ("owner", "manager", "hr")
    }
    assert counts == {"owner": 3, "manager": 1, "hr": 1}


def test_a_manager_reminded_of_their_own_task_gets_no_second_copy(team, due_items):
    manager, employee, _hr = team
    due_items(
        "tests.review",
        [
            {
                "recipient_id": manager.user_id,  # the manager's review of Ella is late
                "subject": "review:1",
                "due": TODAY - datetime.timedelta(days=4),
                "employee_id": employee.id,
            }
        ],
    )
    reminders_collect(now=WEDNESDAY_10AM)
    assert list(ReminderLedger.objects.values_list("recipient_id", "audience")) == [
        (manager.user_id, "owner")
    ]


def test_daily_digest_waits_for_the_digest_hour_then_goes_once_a_day(
    frozen, due_items, django_capture_on_commit_callbacks
):
    user = UserFactory()
    ReminderPreferenceFactory(user=user, delivery=ReminderPreference.Delivery.DAILY)
    due_items(
        "tests.thing",
        lambda now: [{"recipient_id": user.id, "subject": f"thing:{now.hour}"}],
    )
    morning = datetime.datetime(2026, 11, 25, 7, 30, tzinfo=LONDON)
    for hour in (7, 8, 9, 10):
        when = frozen(morning.replace(hour=hour))
        sweep(django_capture_on_commit_callbacks, now=when)
        if hour == 7:
            assert mail.outbox == []
    assert len(mail.outbox) == 1  # at 08:00, with the 07:00 and 08:00 items
    assert "thing:7" in mail.outbox[0].body
    assert "thing:8" in mail.outbox[0].body
    tomorrow = frozen(datetime.datetime(2026, 11, 26, 8, 0, tzinfo=LONDON))
    sweep(django_capture_on_commit_callbacks, now=tomorrow)
    assert len(mail.outbox) == 2
    assert "thing:9" in mail.outbox[1].body
    assert "thing:10" in mail.outbox[1].body


def test_pending_rows_are_queued_again_only_when_stale(django_capture_on_commit_callbacks):
    from tests.factories.notifications import ReminderLedgerFactory

    five_ago = WEDNESDAY_10AM - datetime.timedelta(minutes=5)
    eleven_ago = WEDNESDAY_10AM - datetime.timedelta(minutes=11)
    recent = ReminderLedgerFactory(queued_at=five_ago)
    stale = ReminderLedgerFactory(queued_at=eleven_ago)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued, broker_down = reminders_queue_due(now=WEDNESDAY_10AM)
    assert (queued, broker_down, len(callbacks)) == (1, False, 1)
    recent.refresh_from_db()
    stale.refresh_from_db()
    assert recent.queued_at == five_ago
    assert stale.queued_at == WEDNESDAY_10AM


def test_a_row_waiting_out_its_back_off_is_not_queued():
    from tests.factories.notifications import ReminderLedgerFactory

    ReminderLedgerFactory(attempts=1, next_attempt_at=WEDNESDAY_10AM + datetime.timedelta(1))
    assert reminders_queue_due(now=WEDNESDAY_10AM) == (0, False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_write_each_reminder_once(due_items):
    users = UserFactory.create_batch(5)
    due_items(
        "tests.thing",
        [{"recipient_id": user.id, "subject": f"thing:{n}"} for user in users for n in range(40)],
    )
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            reminders_collect(now=WEDNESDAY_10AM)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ReminderLedger.objects.count() == 200


def test_a_broken_kind_does_not_stop_the_others(due_items, caplog):
    user = UserFactory()

    def broken(now):
        raise RuntimeError("collector bug")

    due_items("tests.broken", broken)
    due_items("tests.fine", [{"recipient_id": user.id, "subject": "fine:1"}])
    assert reminders_collect(now=WEDNESDAY_10AM) == 1
    assert ReminderLedger.objects.get().kind == "tests.fine"
    assert "tests.broken failed" in caplog.text


def test_a_sweep_with_nothing_due_is_cheap(due_items, django_assert_max_num_queries):
    due_items("tests.nothing", [])
    # The company's closure days, and the one look for pending rows to queue.
    with django_assert_max_num_queries(2):
        report = reminders_sweep(now=WEDNESDAY_10AM)
    assert report.offered == 0
    assert report.recipients_queued == 0


def test_an_unknown_employee_or_recipient_is_skipped_not_fatal(due_items):
    user = UserFactory()
    due_items(
        "tests.thing",
        [
            {"recipient_id": user.id, "subject": "a", "employee_id": 999_999, "due": TODAY},
            {"recipient_id": 999_999, "subject": "b"},
        ],
    )
    assert reminders_collect(now=WEDNESDAY_10AM) == 1
    row = ReminderLedger.objects.get()
    assert (row.recipient, row.employee) == (user, None)


def test_an_item_too_long_for_the_ledger_is_skipped_not_fatal(due_items, caplog):
    user = UserFactory()
    due_items(
        "tests.thing",
        [
            {"recipient_id": user.id, "subject": "x" * 201},
            {"recipient_id": user.id, "subject": "fine", "title": "t" * 400},
        ],
    )
    assert reminders_collect(now=WEDNESDAY_10AM) == 1
    row = ReminderLedger.objects.get()
    assert (row.subject, len(row.title)) == ("fine", 300)  # the title is cut, not refused
    assert "breaks the DueItem limits" in caplog.text


def test_a_queued_digest_is_not_queued_again_until_it_is_stale(
    due_items, django_capture_on_commit_callbacks
):
    user = UserFactory()
    due_items(
        "tests.thing",
        lambda now: [{"recipient_id": user.id, "subject": f"thing:{now.minute}"}],
    )

    def sweep_without_sending(minutes: int) -> int:
        now = WEDNESDAY_10AM + datetime.timedelta(minutes=minutes)
        with django_capture_on_commit_callbacks(execute=False):  # a busy worker
            return reminders_sweep(now=now).recipients_queued

    assert sweep_without_sending(0) == 1
    # The digest still waiting in the queue will take the new row too.
    assert sweep_without_sending(5) == 0
    assert sweep_without_sending(11) == 1  # lost, it seems: queued again
    marked = ReminderLedger.objects.filter(queued_at__isnull=False)
    assert list(marked.values_list("queued_at", flat=True)) == [
        WEDNESDAY_10AM + datetime.timedelta(minutes=11)
    ]


def test_what_comes_due_after_a_digest_went_out_is_queued_at_once(
    frozen, due_items, django_capture_on_commit_callbacks
):
    user = UserFactory()
    due_items(
        "tests.thing",
        lambda now: [{"recipient_id": user.id, "subject": f"thing:{now.minute}"}],
    )
    sweep(django_capture_on_commit_callbacks, now=frozen(WEDNESDAY_10AM))
    later = frozen(WEDNESDAY_10AM + datetime.timedelta(minutes=2))
    assert sweep(django_capture_on_commit_callbacks, now=later).recipients_queued == 1
    assert len(mail.outbox) == 2
    assert "thing:2" in mail.outbox[1].body
    assert "thing:0" not in mail.outbox[1].body
