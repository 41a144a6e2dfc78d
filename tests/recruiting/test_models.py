import pytest
from django.db import IntegrityError

from recruiting.models import Application, Candidate, Requisition
from tests.factories.recruiting import (
    ApplicationFactory,
    ApplicationInterviewerFactory,
    CandidateFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db


def test_requisitions_visible_to_each_role(
    requisition, hr_user, hiring_manager, other_hiring_manager, interviewer, employee_user
):
    other = RequisitionFactory(hiring_manager=other_hiring_manager)
    assert set(Requisition.objects.visible_to(hr_user)) == {requisition, other}
    assert list(Requisition.objects.visible_to(hiring_manager)) == [requisition]
    assert list(Requisition.objects.visible_to(other_hiring_manager)) == [other]
    assert not Requisition.objects.visible_to(interviewer).exists()
    assert not Requisition.objects.visible_to(employee_user).exists()


def test_applications_visible_to_each_role(
    application, hr_user, hiring_manager, other_hiring_manager, interviewer, employee_user
):
    unassigned = ApplicationFactory(requisition=application.requisition)
    ApplicationInterviewerFactory(application=application, user=interviewer)
    assert set(Application.objects.visible_to(hr_user)) == {application, unassigned}
    assert set(Application.objects.visible_to(hiring_manager)) == {application, unassigned}
    assert not Application.objects.visible_to(other_hiring_manager).exists()
    assert list(Application.objects.visible_to(interviewer)) == [application]
    assert not Application.objects.visible_to(employee_user).exists()


def test_inactive_and_anonymous_users_see_nothing(application, hr_user):
    from django.contrib.auth.models import AnonymousUser

    hr_user.is_active = False
    assert not Application.objects.visible_to(hr_user).exists()
    assert not Application.objects.visible_to(AnonymousUser()).exists()
    assert not Requisition.objects.visible_to(AnonymousUser()).exists()


def test_manageable_by_excludes_interviewers(assigned_application, interviewer, hiring_manager):
    assert not Application.objects.manageable_by(interviewer).exists()
    assert Application.objects.manageable_by(hiring_manager).get() == assigned_application


def test_candidates_visible_through_their_applications(application, hiring_manager, interviewer):
    CandidateFactory()  # applied nowhere this manager can see
    assert list(Candidate.objects.visible_to(hiring_manager)) == [application.candidate]
    assert not Candidate.objects.visible_to(interviewer).exists()


def test_candidate_email_is_unique_whatever_its_case():
    CandidateFactory(email="Jane@Example.net")
    assert Candidate.objects.get().email == "jane@example.net"
    with pytest.raises(IntegrityError):
        Candidate.objects.bulk_create([Candidate(name="J", email="JANE@example.net")])


def test_allowed_moves_table():
    stage = Application.Stage
    assert Application.ALLOWED_MOVES[stage.APPLIED] >= {stage.SCREENING, stage.REJECTED}
    assert stage.HIRED not in Application.ALLOWED_MOVES[stage.APPLIED]
    assert stage.HIRED in Application.ALLOWED_MOVES[stage.OFFER]
    for closed in Application.CLOSED_STAGES:
        assert Application.ALLOWED_MOVES[closed] == frozenset()


def test_moves_offered_go_forward_first():
    application = Application(stage=Application.Stage.SCREENING)
    offered = [value for value, _ in application.moves_offered()]
    assert offered[0] == Application.Stage.ASSESSMENT
    assert Application.Stage.REJECTED not in offered
    assert Application.Stage.WITHDRAWN not in offered
    assert offered[-1] == Application.Stage.APPLIED


def test_requisition_transition_rules(requisition, hr_user, hiring_manager, other_hiring_manager):
    requisition.status = Requisition.Status.PENDING_APPROVAL
    assert requisition.can_transition(Requisition.Status.OPEN, hr_user)
    assert not requisition.can_transition(Requisition.Status.OPEN, hiring_manager)
    assert requisition.can_transition(Requisition.Status.CANCELLED, hiring_manager)
    assert not requisition.can_transition(Requisition.Status.CANCELLED, other_hiring_manager)
    requisition.status = Requisition.Status.FILLED
    assert requisition.transitions_for(hr_user) == []


def test_salary_range_must_be_ordered():
    with pytest.raises(IntegrityError):
        RequisitionFactory(salary_min=50000, salary_max=40000)


def test_hired_is_never_offered_as_a_move():
    application = Application(stage=Application.Stage.OFFER)
    assert Application.Stage.HIRED not in [value for value, _ in application.moves_offered()]
