import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from performance import receivers
from performance.models import Feedback, Goal, GoalUpdate, OneOnOneNote, ProbationCheckIn
from performance.services import feedback as feedback_services
from performance.services import goals as services
from tests.factories.people import EmployeeFactory
from tests.factories.performance import FeedbackFactory, GoalFactory, OneOnOneNoteFactory

pytestmark = pytest.mark.django_db
DUE = datetime.date(2030, 1, 1)


def test_an_employee_proposes_and_the_manager_approves():
    report = EmployeeFactory(manager=EmployeeFactory())
    goal = services.goal_propose(
        employee=report, by=report.user, title="Clear the backlog", due_date=DUE, weight=30
    )
    assert goal.status == Goal.Status.PROPOSED
    with pytest.raises(PermissionDenied):
        services.goal_decide(goal=goal, by=report.user, approve=True)
    services.goal_decide(goal=goal, by=report.manager.user, approve=True)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.APPROVED


def test_a_goal_the_manager_sets_is_approved_at_once():
    report = EmployeeFactory(manager=EmployeeFactory())
    goal = services.goal_propose(
        employee=report, by=report.manager.user, title="T", due_date=DUE, weight=10
    )
    assert goal.status == Goal.Status.APPROVED


def test_nobody_else_proposes_a_goal_for_someone():
    with pytest.raises(PermissionDenied):
        services.goal_propose(
            employee=EmployeeFactory(),
            by=EmployeeFactory().user,
            title="T",
            due_date=DUE,
            weight=10,
        )


def test_the_employee_owns_updates_and_the_manager_comments():
    goal = GoalFactory(status=Goal.Status.APPROVED)
    with pytest.raises(PermissionDenied):
        services.goal_update(goal=goal, by=goal.employee.manager.user, progress=90, comment="x")
    with pytest.raises(ValidationError):
        services.goal_update(goal=goal, by=goal.employee.user, progress=50, comment=" ")
    services.goal_update(goal=goal, by=goal.employee.user, progress=100, comment="Done!")
    services.goal_comment(goal=goal, by=goal.employee.manager.user, comment="Well done")
    with pytest.raises(PermissionDenied):
        services.goal_comment(goal=goal, by=goal.employee.user, comment="Self-praise")
    goal.refresh_from_db()
    assert (goal.progress, goal.status) == (100, Goal.Status.DONE)
    assert list(GoalUpdate.objects.values_list("progress", flat=True)) == [100, None]


def test_goal_pages_for_the_two_of_them_only(client_for):
    goal = GoalFactory()
    url = reverse("performance:goal_detail", args=[goal.pk])
    assert client_for(goal.employee.user).get(url).status_code == 200
    manager = client_for(goal.employee.manager.user)
    assert "Approve" in manager.get(url).content.decode()
    manager.post(reverse("performance:goal_decide", args=[goal.pk]), {"decision": "approve"})
    goal.refresh_from_db()
    assert goal.status == Goal.Status.APPROVED
    outsider = client_for(EmployeeFactory().user)
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            reverse("performance:goal_comment", args=[goal.pk]), {"comment": "x"}
        ).status_code
        == 404
    )
    assert not GoalUpdate.objects.exists()


def test_proposing_a_goal_on_the_page(client_for):
    report = EmployeeFactory(manager=EmployeeFactory())
    response = client_for(report.user).post(
        reverse("performance:goal_new", args=[report.pk]),
        {
            "title": "Learn 10-key",
            "due_date": "2030-01-01",
            "weight": "20",
            "progress_kind": "percent",
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get().proposed_by == report.user


def test_feedback_is_read_by_the_recipient_and_their_manager_unless_private():
    open_praise = FeedbackFactory(visibility=Feedback.Visibility.RECIPIENT_AND_MANAGER)
    private = FeedbackFactory(visibility=Feedback.Visibility.MANAGER_ONLY)
    stranger = EmployeeFactory().user
    assert list(Feedback.objects.visible_to(open_praise.recipient.user)) == [open_praise]
    assert list(Feedback.objects.visible_to(private.recipient.user)) == []
    assert list(Feedback.objects.visible_to(private.recipient.manager.user)) == [private]
    assert list(Feedback.objects.visible_to(private.giver)) == [private]
    assert list(Feedback.objects.visible_to(stranger)) == []


def test_nobody_gives_themselves_feedback():
    me = EmployeeFactory()
    with pytest.raises(ValidationError):
        feedback_services.feedback_give(
            giver=me.user, recipient=me, kind="praise", visibility="recipient", text="Great job, me"
        )


def test_feedback_page_sends_praise(client_for, employee_user):
    colleague = EmployeeFactory()
    client = client_for(employee_user)
    response = client.post(
        reverse("performance:feedback"),
        {
            "recipient": colleague.pk,
            "kind": "praise",
            "visibility": "recipient",
            "text": "Thanks for the cover!",
        },
    )
    assert response.status_code == 302
    assert Feedback.objects.get().giver == employee_user


def test_one_on_one_notes_are_private_to_the_two(client_for, hr_user):
    note = OneOnOneNoteFactory(text="Talked about workload")
    url = reverse("performance:one_on_ones", args=[note.report.pk])
    assert "Talked about workload" in client_for(note.report.user).get(url).content.decode()
    assert "Talked about workload" in client_for(note.manager.user).get(url).content.decode()
    assert client_for(hr_user).get(url).status_code == 403  # not even HR
    assert client_for(EmployeeFactory().user).get(url).status_code == 404
    assert list(OneOnOneNote.objects.visible_to(hr_user)) == []


def test_the_report_adds_a_note_with_their_manager(client_for):
    report = EmployeeFactory(manager=EmployeeFactory())
    client_for(report.user).post(
        reverse("performance:one_on_ones", args=[report.pk]),
        {"met_on": "2026-11-20", "text": "Asked for training"},
    )
    note = OneOnOneNote.objects.get()
    assert (note.manager, note.report, note.author) == (report.manager, report, report.user)


def test_a_hire_gets_30_60_90_day_check_ins_once(announce_hire):
    hire = EmployeeFactory(manager=EmployeeFactory(), start_date=datetime.date(2026, 12, 1))
    announce_hire(hire)
    receivers.create_probation_check_ins({"employee_id": hire.pk})  # run again after a crash
    check_ins = ProbationCheckIn.objects.filter(employee=hire)
    assert [(c.day, c.due_date, c.manager) for c in check_ins] == [
        (30, datetime.date(2026, 12, 31), hire.manager),
        (60, datetime.date(2027, 1, 30), hire.manager),
        (90, datetime.date(2027, 3, 1), hire.manager),
    ]


def test_the_manager_records_a_check_in(client_for):
    hire = EmployeeFactory(manager=EmployeeFactory())
    feedback_services.probation_check_ins_create(employee=hire)
    check_in = ProbationCheckIn.objects.get(day=30)
    url = reverse("performance:check_in", args=[check_in.pk])
    assert client_for(hire.user).post(url, {"notes": "I did well"}).status_code == 403
    client_for(hire.manager.user).post(url, {"notes": "Settling in well"})
    check_in.refresh_from_db()
    assert check_in.notes == "Settling in well"
    assert client_for(EmployeeFactory().user).get(url).status_code == 404


def test_a_goal_tied_to_a_metric_shows_the_latest_value(client_for):
    from tests.factories.performance import MeasurementFactory, MetricFactory

    goal = GoalFactory(status=Goal.Status.APPROVED)
    metric = MetricFactory(role_family=goal.employee.role_family, name="Keystrokes per hour")
    goal.progress_kind, goal.metric = Goal.Progress.METRIC, metric
    goal.save()
    MeasurementFactory(
        metric=metric, employee=goal.employee, value=9100, period_start=datetime.date(2026, 10, 1)
    )
    page = (
        client_for(goal.employee.user)
        .get(reverse("performance:goal_detail", args=[goal.pk]))
        .content.decode()
    )
    assert "Latest: <strong>9100" in page
