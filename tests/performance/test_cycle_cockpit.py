"""HR's cockpit of a cycle in the admin: its figures, its buttons and their confirmations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import CycleEvent, Review, ReviewCycle, ReviewQuestion
from performance.selectors.cockpit import cycle_progress
from performance.services import cycles as services
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.performance import ReviewCycleFactory, ReviewFactory, ReviewQuestionFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def _url(name, cycle):
    return reverse(f"admin:performance_reviewcycle_{name}", args=[cycle.pk])


def _step(cycle, name):
    cycle.refresh_from_db()
    return next(step for step in cycle_progress(cycle) if step.step == name)


def test_progress_counts_done_in_progress_not_started_and_late():
    cycle = ReviewCycleFactory(
        status=ReviewCycle.Status.SELF_REVIEW,
        self_review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    done, drafting, _untouched = ReviewFactory.create_batch(3, cycle=cycle)
    write_side(done, "self")
    write_side(drafting, "self", submit=False)

    step = _step(cycle, "self_review")
    assert (step.total, step.done, step.in_progress, step.not_started, step.late) == (3, 1, 1, 1, 2)
    assert step.state == "current"
    manager_step = _step(cycle, "manager_review")
    assert manager_step.state == "upcoming"
    assert manager_step.late == 0


def test_the_cockpit_shows_steps_people_late_and_history(client_for, hr_user):
    cycle = ReviewCycleFactory(
        status=ReviewCycle.Status.SELF_REVIEW,
        self_review_due=timezone.localdate() - datetime.timedelta(days=2),
    )
    late = ReviewFactory(cycle=cycle, employee__user__first_name="Zoltan")
    CycleEvent.objects.create(cycle=cycle, kind="launched", to_status="self_review", by=hr_user)
    page = client_for(hr_user).get(_url("cockpit", cycle)).content.decode()
    assert "Late on self review (1)" in page
    assert "Zoltan" in page
    assert str(late.manager) in page  # their manager
    assert "never" in page  # not reminded yet
    assert f"by {hr_user.get_full_name()}" in page
    assert reverse("performance:calibration", args=[cycle.pk]) in page
    assert "Advance to manager review" in page
    assert _url("remind", cycle) in page


def test_only_hr_reaches_the_cockpit_and_its_buttons(client_for, hiring_manager):
    hiring_manager.is_staff = True
    hiring_manager.save()
    cycle = ReviewCycleFactory()
    client = client_for(hiring_manager)
    for name in ("cockpit", "launch", "remind", "advance", "close", "preview", "copy"):
        assert client.get(_url(name, cycle)).status_code == 403, name
        assert client.post(_url(name, cycle), {"step": "draft"}).status_code in {403, 405}
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.DRAFT


def test_a_button_refuses_a_wrong_method(client_for, hr_user):
    cycle = ReviewCycleFactory()
    assert client_for(hr_user).put(_url("launch", cycle)).status_code == 405
    assert client_for(hr_user).post(_url("cockpit", cycle)).status_code == 405


def test_launch_confirmation_says_who_is_in_and_who_is_left_out(client_for, hr_user):
    finance = DepartmentFactory()
    manager = EmployeeFactory(department=finance, manager=EmployeeFactory())
    EmployeeFactory.create_batch(2, department=finance, manager=manager)
    loner = EmployeeFactory(department=finance, manager=None, user__first_name="Nomanager")
    manager.manager.delete()  # the manager's own manager leaves: they have none now
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)
    page = client_for(hr_user).get(_url("launch", cycle)).content.decode()
    assert "creates 2 reviews" in page
    assert "emails 3 people" in page
    assert "2 people without a manager are left out" in page
    assert str(loner) in page
    assert Review.objects.count() == 0  # the GET changes nothing


def test_a_second_click_on_advance_is_refused_not_done_twice(client_for, hr_user):
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    client = client_for(hr_user)
    client.post(_url("advance", cycle), {"step": "self_review"})
    response = client.post(_url("advance", cycle), {"step": "self_review"}, follow=True)
    assert "someone moved it while you were looking" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == ReviewCycle.Status.MANAGER_REVIEW
    assert cycle.events.filter(kind="advanced").count() == 1


def test_the_questionnaire_has_a_wording_for_each_side_and_a_preview(client_for, hr_user):
    cycle = ReviewCycleFactory(questions=False)
    ReviewQuestionFactory(
        cycle=cycle,
        prompt="How well does this person plan their work?",
        self_prompt="How well do you plan your work?",
    )
    page = client_for(hr_user).get(_url("preview", cycle)).content.decode()
    assert "How well do you plan your work?" in page
    assert "How well does this person plan their work?" in page
    assert "Potential (for the 9-box, never shown to the employee)" in page

    review = ReviewFactory(cycle=cycle, status=Review.Status.WRITING)
    ReviewCycle.objects.filter(pk=cycle.pk).update(status="self_review")
    own = client_for(review.employee.user).get(
        reverse("performance:review_detail", args=[review.pk])
    )
    assert "How well do you plan your work?" in own.content.decode()
    assert "does this person" not in own.content.decode()
    write_side(review, "self")
    theirs = client_for(review.manager.user).get(
        reverse("performance:review_detail", args=[review.pk])
    )
    assert "How well does this person plan their work?" in theirs.content.decode()


def test_a_new_cycle_from_this_one_copies_rules_questions_and_offsets(client_for, hr_user):
    source = ReviewCycleFactory(
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        self_review_due=datetime.date(2026, 7, 7),
        manager_review_due=datetime.date(2026, 7, 14),
        calibration_due=datetime.date(2026, 7, 21),
        sharing_due=datetime.date(2026, 7, 28),
        acknowledgement_due=datetime.date(2026, 8, 4),
        new_starter_days=60,
        status=ReviewCycle.Status.CLOSED,
    )
    source.departments.add(DepartmentFactory())
    ReviewQuestion.objects.filter(cycle=source).update(self_prompt="My own words")
    client = client_for(hr_user)
    form = client.get(_url("copy", source)).content.decode()
    assert 'value="2026-07-01"' in form  # the next period, proposed
    response = client.post(
        _url("copy", source),
        {"name": "H2 2026", "period_start": "2026-07-01", "period_end": "2026-12-31"},
    )
    copy = ReviewCycle.objects.get(name="H2 2026")
    assert response.status_code == 302
    assert response["Location"] == _url("cockpit", copy)
    assert copy.status == ReviewCycle.Status.DRAFT
    assert copy.self_review_due == datetime.date(2027, 1, 7)
    assert copy.acknowledgement_due == datetime.date(2027, 2, 4)
    assert copy.new_starter_days == 60
    assert list(copy.departments.all()) == list(source.departments.all())
    assert list(copy.questions.values_list("prompt", "self_prompt")) == list(
        source.questions.values_list("prompt", "self_prompt")
    )
    assert copy.events.get().detail == f"From {source.name}"
    again = client.post(
        _url("copy", source),
        {"name": "H2 2026", "period_start": "2026-07-01", "period_end": "2026-12-31"},
    )
    assert again.status_code == 422


def test_transitions_follow_the_table():
    cycle = ReviewCycleFactory(status=ReviewCycle.Status.SELF_REVIEW)
    assert not cycle.can_move_to(ReviewCycle.Status.PEER_FEEDBACK)  # no peer step here
    assert cycle.can_move_to(ReviewCycle.Status.MANAGER_REVIEW)
    assert not cycle.can_move_to(ReviewCycle.Status.SHARING)
    review = ReviewFactory(cycle=cycle)
    from performance.services.reviews import ReviewError, review_transition

    with pytest.raises(ReviewError):
        review_transition(review=review, to_status=Review.Status.ACKNOWLEDGED, by=None)
    shared = review_transition(review=review, to_status=Review.Status.SHARED, by=None)
    assert shared.shared_at is not None
    assert review.history.first().status == Review.Status.SHARED


def test_close_records_who_closed_and_what_happened(hr_user):
    review = ReviewFactory()
    write_side(review, "self")
    write_side(review, "manager")
    ReviewFactory(cycle=review.cycle)
    services.review_cycle_close(cycle=review.cycle, by=hr_user)
    event = review.cycle.events.get()
    assert (event.kind, event.by, event.from_status) == ("closed", hr_user, "self_review")
    assert event.detail == "1 review(s) shared, 1 not completed"


def test_leaving_the_peer_step_says_it_closes_peer_feedback(client_for, hr_user):
    from tests.factories.performance import PeerFeedbackFactory

    request = PeerFeedbackFactory(submitted_at=timezone.now())
    PeerFeedbackFactory(review=request.review)
    cycle = request.review.cycle
    services.review_cycle_advance(cycle=cycle)  # to peer feedback
    page = client_for(hr_user).get(_url("advance", cycle)).content.decode()
    assert "closes peer feedback</strong>: 1 of 2 requests answered" in page
