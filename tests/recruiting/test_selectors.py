import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from recruiting import services
from recruiting.models import Application, Requisition, StageEvent
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import requisitions as requisition_selectors
from tests.factories.recruiting import (
    ApplicationFactory,
    RejectionReasonFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db


def test_get_for_user_raises_404_for_others(requisition, application, other_hiring_manager):
    with pytest.raises(Http404):
        requisition_selectors.requisition_get_for_user(other_hiring_manager, requisition.pk)
    with pytest.raises(Http404):
        candidate_selectors.application_get_for_user(other_hiring_manager, application.pk)


def test_board_groups_open_applications_by_stage(requisition, hr_user):
    ApplicationFactory(requisition=requisition, stage="screening")
    ApplicationFactory(requisition=requisition, stage="screening")
    ApplicationFactory(requisition=requisition, stage="rejected")
    ApplicationFactory(requisition=requisition, stage="withdrawn")
    columns, closed = candidate_selectors.board_for(requisition, hr_user)
    sizes = {column.stage.value: len(column.applications) for column in columns}
    assert sizes == {
        "applied": 0, "screening": 2, "assessment": 0, "interview": 0, "offer": 0, "hired": 0
    }  # fmt: skip
    assert closed == {"rejected": 1, "withdrawn": 1}


def test_board_shows_at_most_the_column_limit_longest_in_stage_first(
    requisition, monkeypatch, hr_user
):
    monkeypatch.setattr(candidate_selectors, "BOARD_COLUMN_LIMIT", 2)
    now = timezone.now()
    newest, oldest, middle = (
        ApplicationFactory(
            requisition=requisition,
            stage="screening",
            stage_changed_at=now - datetime.timedelta(days=days),
        )
        for days in (1, 9, 5)
    )
    ApplicationFactory(requisition=requisition, stage="interview")
    columns, _closed = candidate_selectors.board_for(requisition, hr_user, sort="in_stage")
    screening = next(column for column in columns if column.stage == "screening")
    assert [card.pk for card in screening.applications] == [oldest.pk, middle.pk]
    assert (screening.total, screening.hidden) == (3, 1)
    interview = next(column for column in columns if column.stage == "interview")
    assert (interview.total, interview.hidden) == (1, 0)
    assert newest.pk not in {card.pk for column in columns for card in column.applications}


def test_report_funnel_median_and_sources(requisition, hiring_manager):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    first, second, third, fourth = (
        ApplicationFactory(requisition=requisition, source=source)
        for source in ("LinkedIn", "LinkedIn", "Referral", "")
    )
    for application in (first, second, third, fourth):
        StageEvent.objects.create(
            application=application, from_stage="", to_stage="applied", at=now - 10 * day
        )
    # first: applied 2 days → screening 4 days → interview (skipping assessment)
    StageEvent.objects.create(
        application=first, from_stage="applied", to_stage="screening", at=now - 8 * day
    )
    StageEvent.objects.create(
        application=first, from_stage="screening", to_stage="interview", at=now - 4 * day
    )
    # second: applied 4 days → screening
    StageEvent.objects.create(
        application=second, from_stage="applied", to_stage="screening", at=now - 6 * day
    )
    services.application_reject(
        application=third,
        by=hiring_manager,
        reason=RejectionReasonFactory(),
    )
    report = requisition_selectors.requisition_report(requisition)
    funnel = {row.stage.value: row for row in report["funnel"]}
    assert funnel["applied"].reached == 4
    assert funnel["screening"].reached == 2
    assert funnel["screening"].conversion == 50.0
    # Reaching interview counts as passing assessment: the funnel never widens.
    assert funnel["assessment"].reached == 1
    assert funnel["interview"].reached == 1
    assert funnel["offer"].reached == 0
    # applied → next: 2, 4 and 10 days (the rejection) → median 4
    assert funnel["applied"].median_days == 4.0
    assert funnel["screening"].median_days == 4.0
    assert report["sources"] == [("LinkedIn", 2), ("Not given", 1), ("Referral", 1)]
    assert report["rejected"] == 1
    assert report["time_to_fill_days"] is None


def test_time_to_fill(hr_user):
    requisition = RequisitionFactory(
        status=Requisition.Status.FILLED,
        opened_at=timezone.now() - datetime.timedelta(days=30),
        closed_at=timezone.now() - datetime.timedelta(days=5),
    )
    assert requisition_selectors.requisition_report(requisition)["time_to_fill_days"] == 25


def test_home_panel_readers(hiring_manager, requisition, hr_user):
    ApplicationFactory.create_batch(3, requisition=requisition)
    ApplicationFactory(requisition=requisition, stage=Application.Stage.SCREENING)
    count, items = candidate_selectors.applications_waiting_for_manager(hiring_manager)
    assert count == 3
    assert len(items) == 3
    RequisitionFactory(status=Requisition.Status.PENDING_APPROVAL)
    assert requisition_selectors.requisitions_pending_approval(hr_user)[0] == 1


def test_board_shows_the_newest_applicants_first_by_default(requisition, monkeypatch, hr_user):
    monkeypatch.setattr(candidate_selectors, "BOARD_COLUMN_LIMIT", 2)
    now = timezone.now()
    old, newest, middle = (
        ApplicationFactory(requisition=requisition, applied_at=now - datetime.timedelta(days=days))
        for days in (9, 1, 5)
    )
    columns, _closed = candidate_selectors.board_for(requisition, hr_user)
    applied = next(column for column in columns if column.stage == "applied")
    assert [card.pk for card in applied.applications] == [newest.pk, middle.pk]
    assert old.pk not in {card.pk for card in applied.applications}


def test_board_sorts_by_score_only_for_who_may_see_scores(requisition, hr_user, interviewer):
    assert "score" in candidate_selectors.board_sorts_for(hr_user, requisition)
    assert "score" in candidate_selectors.board_sorts_for(requisition.hiring_manager, requisition)
    assert "score" not in candidate_selectors.board_sorts_for(interviewer, requisition)


def test_move_menu_offers_the_next_stage_first_and_marks_moves_back():
    from recruiting.models import Application

    screening = candidate_selectors.move_options(Application.Stage.SCREENING)
    assert screening.index('value="assessment"') < screening.index('value="applied"')
    assert 'value="applied" data-confirm=' in screening
    assert 'value="assessment" data-confirm' not in screening
    assert 'value="hired"' not in screening
    assert 'value="rejected"' not in screening
    # An offer has no move forward on the menu (a hire goes through the offer): the menu
    # starts on an empty choice, never on a move back.
    offer = candidate_selectors.move_options(Application.Stage.OFFER)
    assert offer.startswith('<option value="" selected disabled>')
    assert offer.index('value="interview"') < offer.index('value="applied"')
