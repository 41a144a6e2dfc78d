"""The audit trail: who changed what and when, on the paths the apps really use (bulk too)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding import services as onboarding_services
from performance.models import Review, ReviewAnswer
from performance.services import cycles as cycle_services
from recruiting import services as recruiting_services
from recruiting.models import Application, Candidate, Requisition
from tests.factories.onboarding import PolicyFactory
from tests.factories.performance import ReviewFactory
from tests.factories.recruiting import ApplicationFactory, RequisitionFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def test_a_stage_move_is_recorded_with_its_author(hr_user):
    application = ApplicationFactory()
    recruiting_services.application_move(
        application=application, to_stage=Application.Stage.SCREENING, by=hr_user
    )
    latest = application.history.first()
    assert latest.stage == Application.Stage.SCREENING
    assert latest.prev_record.stage == Application.Stage.APPLIED


def test_a_requisition_transition_is_recorded(hiring_manager):
    requisition = RequisitionFactory(hiring_manager=hiring_manager, status="draft", opened_at=None)
    recruiting_services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.PENDING_APPROVAL, by=hiring_manager
    )
    assert requisition.history.first().status == Requisition.Status.PENDING_APPROVAL
    assert requisition.history.count() == 2


def test_review_answers_saved_in_bulk_have_history():
    review = ReviewFactory()
    write_side(review, ReviewAnswer.Author.SELF, text="First draft", submit=False)
    write_side(review, ReviewAnswer.Author.SELF, text="Second draft", submit=False)
    answer = ReviewAnswer.objects.filter(review=review).first()
    texts = [row.text for row in answer.history.order_by("history_date")]
    assert texts == ["First draft", "Second draft"]
    assert answer.history.first().history_type == "~"


def test_sharing_and_closing_a_cycle_record_each_review(django_capture_on_commit_callbacks):
    review = ReviewFactory()
    unfinished = ReviewFactory(cycle=review.cycle)
    write_side(review, "self")
    write_side(review, "manager")
    cycle_services.review_cycle_close(cycle=review.cycle)
    assert review.history.first().status == Review.Status.SHARED
    assert unfinished.history.first().status == Review.Status.NOT_COMPLETED


def test_publishing_a_policy_version_is_recorded(hr_user):
    policy = PolicyFactory()
    version = onboarding_services.policy_publish_version(
        policy=policy,
        effective_date=timezone.localdate() + datetime.timedelta(days=1),
        by=hr_user,
        body="## New rules",
    )
    # The draft, its text, then its publication: each a row of the history.
    assert version.history.count() == 3
    assert version.history.first().published_by_id == hr_user.pk
    assert policy.history.first().current_version_id == version.pk


@pytest.mark.parametrize(
    ("admin_name", "make"),
    [
        ("recruiting_candidate", lambda: ApplicationFactory().candidate),
        ("recruiting_application", ApplicationFactory),
        ("recruiting_requisition", RequisitionFactory),
        ("performance_review", ReviewFactory),
        ("onboarding_policy", lambda: PolicyFactory(published=True)),
        ("onboarding_policyversion", lambda: PolicyFactory(published=True).current_version),
    ],
)
def test_hr_reads_the_history_in_the_admin(client_for, hr_user, admin_name, make):
    obj = make()
    response = client_for(hr_user).get(reverse(f"admin:{admin_name}_history", args=[obj.pk]))
    assert response.status_code == 200
    assert "history" in response.content.decode().lower()


def test_hr_reads_review_answer_history(client_for, hr_user):
    review = ReviewFactory()
    write_side(review, ReviewAnswer.Author.SELF, text="Kept for the record", submit=False)
    answer = ReviewAnswer.objects.filter(review=review).first()
    response = client_for(hr_user).get(
        reverse("admin:performance_reviewanswer_history", args=[answer.pk])
    )
    assert response.status_code == 200


def test_candidate_history_is_personal_data_purged_with_the_candidate(hr_user):
    from recruiting.services import retention

    application = ApplicationFactory(stage=Application.Stage.REJECTED)
    candidate = application.candidate
    candidate.phone = "+1 555 0100"
    candidate.save()
    retention.candidate_anonymise(candidate=candidate, by=hr_user)
    assert not Candidate.history.filter(id=candidate.pk, phone="+1 555 0100").exists()
