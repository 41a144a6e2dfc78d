import datetime

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.models import OutboxMessage
from backoffice.notifications.services.outbox import outbox_relay_due
from recruiting import services
from recruiting.models import (
    Application,
    ApplicationNote,
    Candidate,
    Offer,
    Requisition,
    RequisitionEvent,
    StageEvent,
)
from recruiting.services import interviews as interview_services
from recruiting.services import offers as offer_services
from recruiting.services import retention as retention_services
from recruiting.services import scorecards as scorecard_services
from recruiting.services import skills_test as skills_test_services
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    OfferFactory,
    RejectionReasonFactory,
    RequisitionFactory,
    pdf_bytes,
)
from tests.recruiting.helpers import linked_application

pytestmark = pytest.mark.django_db


def _resume():
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes())
    return services.ResumeUpload(file=upload, filename="cv.pdf", content_type="application/pdf")


def _submit(requisition, email="jane@example.net", **extra):
    return services.application_submit(
        requisition=requisition,
        name=extra.pop("name", "Jane Doe"),
        email=email,
        resume=_resume(),
        years_experience=4,
        source="Job board",
        **extra,
    )


def _resume_files():
    try:
        return default_storage.listdir("recruiting/resumes")[1]
    except FileNotFoundError:
        return []


# --- requisitions ------------------------------------------------------------------------------


def test_requisition_goes_through_approval_and_every_step_is_logged(hiring_manager, hr_user):
    requisition = RequisitionFactory(
        hiring_manager=hiring_manager, status=Requisition.Status.DRAFT, opened_at=None
    )
    services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.PENDING_APPROVAL, by=hiring_manager
    )
    services.requisition_approve(requisition=requisition, by=hr_user, comment="Budget ok")
    services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.ON_HOLD, by=hiring_manager
    )
    services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.OPEN, by=hiring_manager
    )
    services.requisition_transition(
        requisition=requisition, to_status=Requisition.Status.FILLED, by=hiring_manager
    )
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.FILLED
    assert requisition.opened_at is not None
    assert requisition.closed_at is not None
    events = list(requisition.events.values_list("from_status", "to_status", "by", "comment"))
    assert events == [
        ("draft", "pending_approval", hiring_manager.pk, ""),
        ("pending_approval", "open", hr_user.pk, "Budget ok"),
        ("open", "on_hold", hiring_manager.pk, ""),
        ("on_hold", "open", hiring_manager.pk, ""),
        ("open", "filled", hiring_manager.pk, ""),
    ]


def test_only_hr_approves(hiring_manager):
    requisition = RequisitionFactory(
        hiring_manager=hiring_manager, status=Requisition.Status.PENDING_APPROVAL
    )
    with pytest.raises(services.RequisitionTransitionRefused):
        services.requisition_approve(requisition=requisition, by=hiring_manager)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.PENDING_APPROVAL
    assert not RequisitionEvent.objects.exists()


def test_sending_back_needs_a_comment(hr_user):
    requisition = RequisitionFactory(status=Requisition.Status.PENDING_APPROVAL)
    with pytest.raises(services.RequisitionTransitionRefused, match="what needs changing"):
        services.requisition_send_back(requisition=requisition, by=hr_user, comment="  ")
    services.requisition_send_back(requisition=requisition, by=hr_user, comment="Lower salary")
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.events.get().comment == "Lower salary"


def test_closed_requisitions_stay_closed(hr_user):
    requisition = RequisitionFactory(status=Requisition.Status.CANCELLED)
    with pytest.raises(services.RequisitionTransitionRefused):
        services.requisition_transition(
            requisition=requisition, to_status=Requisition.Status.OPEN, by=hr_user
        )


# --- submitting --------------------------------------------------------------------------------


def test_submit_creates_candidate_application_event_and_confirmation(
    requisition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(requisition, email="Jane@Example.NET", skills=["Spreadsheets"])
    assert application.candidate.email == "jane@example.net"
    assert application.candidate.consent_at is not None
    assert application.candidate.skills == "Spreadsheets"
    assert application.stage == Application.Stage.APPLIED
    assert application.resume.name.startswith("recruiting/resumes/")
    assert "cv" not in application.resume.name  # random name, nothing the candidate typed
    assert application.events.get().to_stage == Application.Stage.APPLIED
    assert [message.to for message in mail.outbox] == [["jane@example.net"]]
    assert requisition.title in mail.outbox[0].subject
    assert mail.outbox[0].alternatives  # HTML twin


def test_same_email_in_another_case_reuses_the_candidate(requisition):
    other = RequisitionFactory()
    _submit(requisition, email="jane@example.net")
    _submit(other, email="JANE@example.net")
    assert Candidate.objects.count() == 1
    assert Application.objects.count() == 2


def test_applying_twice_to_one_requisition_is_refused_and_leaves_no_file(requisition):
    _submit(requisition)
    assert len(_resume_files()) == 1
    with pytest.raises(services.DuplicateApplication):
        _submit(requisition, email="JANE@example.net")
    assert Application.objects.count() == 1
    assert len(_resume_files()) == 1


def test_closed_requisition_takes_no_applications(requisition):
    requisition.status = Requisition.Status.ON_HOLD
    requisition.save()
    with pytest.raises(services.RequisitionNotOpen):
        _submit(requisition)
    assert not Candidate.objects.exists()
    assert _resume_files() == []


# --- moving --------------------------------------------------------------------------------


def test_move_records_an_event_and_notifies_after_commit(
    application, hr_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event = services.application_move(
            application=application, to_stage="screening", by=hr_user, note="Good CV"
        )
    application.refresh_from_db()
    assert application.stage == "screening"
    assert (event.from_stage, event.to_stage, event.by, event.note) == (
        "applied",
        "screening",
        hr_user,
        "Good CV",
    )
    # The hiring manager's notice, and the stage_changed event for other systems (webhooks).
    assert len(callbacks) == 2
    # HR moved a card in someone else's requisition: its hiring manager hears of it.
    assert mail.outbox[-1].to == [application.requisition.hiring_manager.email]
    assert "Screening" in mail.outbox[-1].subject


def test_the_hiring_manager_is_not_told_of_their_own_move(
    application, hiring_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, to_stage="screening", by=hiring_manager)
    assert mail.outbox == []


def test_a_disallowed_move_changes_nothing(application, hiring_manager):
    with pytest.raises(services.StageMoveRefused, match="cannot move from Applied to Hired"):
        services.application_move(application=application, to_stage="hired", by=hiring_manager)
    application.refresh_from_db()
    assert application.stage == "applied"
    assert not StageEvent.objects.exists()


def test_a_stale_move_is_refused_with_who_moved_it(application, hiring_manager, hr_user):
    services.application_move(application=application, to_stage="screening", by=hr_user)
    stale = Application.objects.get(pk=application.pk)
    stale.stage = "applied"  # what the other person's page still shows
    with pytest.raises(services.StageMoveRefused, match=f"moved to Screening by {hr_user}"):
        services.application_move(
            application=stale, to_stage="assessment", by=hiring_manager, expected_stage="applied"
        )
    assert StageEvent.objects.count() == 1


def test_rejection_needs_a_reason(application, hiring_manager):
    with pytest.raises(services.StageMoveRefused, match="rejection reason"):
        services.application_move(application=application, to_stage="rejected", by=hiring_manager)


def test_reject_schedules_the_reasons_email_after_a_delay(application, hiring_manager, reason):
    services.application_reject(application=application, by=hiring_manager, reason=reason)
    application.refresh_from_db()
    assert application.stage == "rejected"
    assert application.rejection_reason == reason
    delay = application.rejection_email_due_at - application.stage_changed_at
    assert delay == services.REJECTION_EMAIL_DELAY
    # Not yet due: nothing goes out.
    assert services.rejection_emails_send_due() == 0
    assert not OutboxMessage.objects.exists()
    later = timezone.now() + services.REJECTION_EMAIL_DELAY + datetime.timedelta(seconds=1)
    assert services.rejection_emails_send_due(now=later) == 1
    outbox_relay_due(seconds=10)
    assert mail.outbox[0].to == [application.candidate.email]
    assert mail.outbox[0].subject.endswith(f"Your application for {application.requisition}")
    assert f"Dear {application.candidate.name}" in mail.outbox[0].body
    assert linked_application(mail.outbox[0].body) == application
    # Written once, sent once.
    assert services.rejection_emails_send_due(now=later) == 0
    outbox_relay_due(seconds=10)
    assert len(mail.outbox) == 1


def test_a_cancelled_rejection_email_never_goes(application, hiring_manager, reason):
    services.application_reject(application=application, by=hiring_manager, reason=reason)
    assert services.rejection_email_cancel(application=application, by=hiring_manager)
    later = timezone.now() + datetime.timedelta(days=1)
    assert services.rejection_emails_send_due(now=later) == 0
    assert not OutboxMessage.objects.exists()
    assert ApplicationNote.objects.filter(application=application).exists()
    assert not services.rejection_email_cancel(application=application, by=hiring_manager)


def test_reason_without_email_schedules_nothing(application, hiring_manager):
    silent = RejectionReasonFactory(name="Withdrew", email_subject="", email_body="")
    services.application_reject(application=application, by=hiring_manager, reason=silent)
    assert Application.objects.get(pk=application.pk).rejection_email_due_at is None


def test_new_applications_are_batched_per_hiring_manager(requisition, other_hiring_manager):
    ApplicationFactory.create_batch(3, requisition=requisition)
    ApplicationFactory(requisition=RequisitionFactory(hiring_manager=other_hiring_manager))
    assert services.new_applications_digest_send() == 2
    outbox_relay_due(seconds=10)
    assert sorted(len(message.to) for message in mail.outbox) == [1, 1]
    mine = next(m for m in mail.outbox if m.to == [requisition.hiring_manager.email])
    assert mine.subject.endswith("3 new applications")
    # Reported once only.
    assert services.new_applications_digest_send() == 0
    outbox_relay_due(seconds=10)
    assert len(mail.outbox) == 2


def test_notes_and_tags(application, hiring_manager):
    note = services.application_note_add(
        application=application, author=hiring_manager, body=" <b>call</b> back "
    )
    assert note.body == "<b>call</b> back"
    with pytest.raises(ValueError, match="empty"):
        services.application_note_add(application=application, author=hiring_manager, body=" ")
    second = ApplicationFactory(candidate=CandidateFactory())
    assert services.candidates_tag(applications=[application, second], tag_name="Fast typist") == 2
    assert services.candidates_tag(applications=[application], tag_name="fast typist") == 1
    assert list(application.candidate.tags.values_list("name", flat=True)) == ["Fast typist"]


def test_a_move_to_hired_without_an_accepted_offer_is_refused_by_the_service(
    application, hiring_manager
):
    Application.objects.filter(pk=application.pk).update(stage="offer")
    OfferFactory(application=application, status=Offer.Status.SENT)
    with pytest.raises(services.HireNeedsAcceptedOffer, match="accept their offer") as refused:
        services.application_move(application=application, to_stage="hired", by=hiring_manager)
    assert isinstance(refused.value, DomainError)
    application.refresh_from_db()
    assert application.stage == "offer"
    assert not StageEvent.objects.exists()


def test_an_accepted_offer_lets_the_move_to_hired_through(application, hiring_manager):
    Application.objects.filter(pk=application.pk).update(stage="offer")
    OfferFactory(application=application, status=Offer.Status.ACCEPTED)
    services.application_move(application=application, to_stage="hired", by=hiring_manager)
    application.refresh_from_db()
    assert application.stage == "hired"


@pytest.mark.parametrize(
    "error",
    [
        services.DuplicateApplication,
        services.RequisitionNotOpen,
        services.StageMoveRefused,
        services.HireNeedsAcceptedOffer,
        services.RequisitionTransitionRefused,
        offer_services.OfferRefused,
        scorecard_services.ScorecardRefused,
        interview_services.InterviewRefused,
        skills_test_services.SkillsTestRefused,
        retention_services.ErasureRefused,
    ],
)
def test_every_refused_action_is_a_domain_error_with_its_text(error):
    assert issubclass(error, DomainError)
    assert error("Nothing was changed.").text == "Nothing was changed."
