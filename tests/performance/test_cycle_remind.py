"""HR's Remind goes through the reminder ledger: the right people, once a day, as they chose."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.models import ReminderLedger, ReminderPreference
from backoffice.notifications.selectors import reminders_recent_for
from performance.models import CycleEvent, ReviewCycle
from performance.selectors.cockpit import CYCLE_REMINDER_KIND, cycle_cockpit, step_pending
from performance.services import cycles as services
from tests.factories.people import EmployeeFactory
from tests.factories.performance import PeerFeedbackFactory, ReviewCycleFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reminders_any_time(settings):
    settings.REMINDER_WORKING_DAYS = frozenset(range(1, 8))
    settings.REMINDER_QUIET_HOURS = None
    settings.REMINDER_DIGEST_HOUR = 0


@pytest.fixture
def team(db):
    """A cycle at self review: two reports of one manager, and a third person's review."""
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    manager = EmployeeFactory()
    first = ReviewFactory(cycle=cycle, employee__manager=manager, manager=manager)
    second = ReviewFactory(cycle=cycle, employee__manager=manager, manager=manager)
    third = ReviewFactory(cycle=cycle)
    return cycle, manager, [first, second, third]


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Press Remind as the service does, and run what it queues once it commits (the sweep)."""

    def press(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.review_cycle_remind(**kwargs)

    return press


def _recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def test_remind_pressed_twice_emails_each_person_once(
    team, hr_user, mailoutbox, client_for, django_capture_on_commit_callbacks
):
    cycle, _, reviews = team
    write_side(reviews[2], "self")  # done: not reminded
    client = client_for(hr_user)
    url = reverse("admin:performance_reviewcycle_remind", args=[cycle.pk])

    for _ in range(2):  # a double click, or HR pressing again later the same day
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"step": "self_review"}, follow=True)
        assert response.status_code == 200

    expected = sorted(review.employee.user.email for review in reviews[:2])
    assert _recipients(mailoutbox) == expected
    assert "self review" in mailoutbox[0].body.lower()
    rows = ReminderLedger.objects.filter(kind=CYCLE_REMINDER_KIND)
    assert rows.count() == 2
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    # Both presses are in the cycle's history, with who pressed.
    assert list(cycle.events.filter(kind="reminded").values_list("by", flat=True)) == [
        hr_user.pk,
        hr_user.pk,
    ]
    # It appears among the person's latest reminders, and the cockpit says when.
    (latest,) = reminders_recent_for(reviews[0].employee.user)
    assert cycle.name in latest.title
    cockpit = cycle_cockpit(cycle)
    assert {person.name: bool(person.last_reminded) for person in cockpit.pending} == {
        str(reviews[0].employee): True,
        str(reviews[1].employee): True,
    }
    assert cockpit.reminded_today == 2


def test_the_next_day_remind_goes_out_again(
    team, hr_user, mailoutbox, remind, django_capture_on_commit_callbacks
):
    cycle, _, _ = team
    monday = timezone.now()
    remind(cycle=cycle, by=hr_user, now=monday)
    sent = len(mailoutbox)
    assert sent == 3
    # A sweep later that day (the beat) sends nothing more.
    from backoffice.notifications.services import reminders_sweep

    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(now=monday + datetime.timedelta(minutes=30))
    assert len(mailoutbox) == sent
    # The next day's press is a new reminder.
    tuesday = monday + datetime.timedelta(days=1)
    remind(cycle=cycle, by=hr_user, now=tuesday)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_sweep(now=tuesday)
    assert len(mailoutbox) == 2 * sent


def test_managers_are_not_reminded_while_they_wait_for_self_reviews(
    team, hr_user, mailoutbox, remind
):
    """At manager review, with managers reading the self review first: a manager whose report
    has not submitted cannot act, so the employee is reminded and the manager is not."""
    cycle, manager, reviews = team
    write_side(reviews[0], "self")
    services.review_cycle_advance(cycle=cycle)
    assert cycle.manager_sees_self_review_first

    cycle.refresh_from_db()
    pending = {person.name: person.what for person in step_pending(cycle)}
    assert pending == {
        str(manager): ["manager"],  # for reviews[0], whose self review is in
        str(reviews[1].employee): ["self"],
        str(reviews[2].employee): ["self"],
    }
    remind(cycle=cycle, by=hr_user)
    assert _recipients(mailoutbox) == sorted(
        [manager.user.email, reviews[1].employee.user.email, reviews[2].employee.user.email]
    )
    assert reviews[2].manager.user.email not in _recipients(mailoutbox)


def test_peers_are_reminded_on_the_peer_step(hr_user, mailoutbox, remind):
    request = PeerFeedbackFactory()
    PeerFeedbackFactory(review=request.review, submitted_at=timezone.now())
    cycle = request.review.cycle
    services.review_cycle_advance(cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.PEER_FEEDBACK
    remind(cycle=cycle, by=hr_user)
    assert _recipients(mailoutbox) == [request.peer.user.email]


def test_a_daily_digest_reader_gets_it_in_their_digest(team, hr_user, mailoutbox, settings):
    cycle, _, reviews = team
    reader = reviews[0].employee.user
    ReminderPreference.objects.create(user=reader, delivery=ReminderPreference.Delivery.DAILY)
    settings.REMINDER_DIGEST_HOUR = 23
    before_digest = timezone.now().replace(hour=9, minute=0)
    services.review_cycle_remind(cycle=cycle, by=hr_user, now=before_digest)
    from backoffice.notifications.services import reminders_sweep

    reminders_sweep(now=before_digest)
    assert reader.email not in _recipients(mailoutbox)
    row = ReminderLedger.objects.get(recipient=reader, kind=CYCLE_REMINDER_KIND)
    assert row.status == ReminderLedger.Status.PENDING  # waits for their digest


def test_nobody_is_reminded_on_hr_steps_or_closed_cycles(team, hr_user):
    cycle, _, _ = team
    ReviewCycle.objects.filter(pk=cycle.pk).update(status=ReviewCycle.Status.CALIBRATION)
    with pytest.raises(services.CycleError, match="no one to remind"):
        services.review_cycle_remind(cycle=cycle, by=hr_user)
    ReviewCycle.objects.filter(pk=cycle.pk).update(status=ReviewCycle.Status.CLOSED)
    with pytest.raises(services.CycleError):
        services.review_cycle_remind(cycle=cycle, by=hr_user)
    assert not CycleEvent.objects.filter(kind="reminded").exists()


def test_a_press_outside_sending_hours_goes_out_the_next_working_day(team, hr_user, settings):
    cycle, _, _ = team
    settings.REMINDER_WORKING_DAYS = frozenset({1, 2, 3, 4, 5})
    saturday = datetime.datetime(2026, 12, 5, 10, tzinfo=datetime.UTC)
    result = services.review_cycle_remind(cycle=cycle, by=hr_user, now=saturday)
    assert result.day == datetime.date(2026, 12, 7)
    assert cycle.events.get(kind="reminded").remind_on == datetime.date(2026, 12, 7)
