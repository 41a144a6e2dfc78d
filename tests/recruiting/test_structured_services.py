"""Structured hiring services: interviews, scorecards (evidence, independence, amendments),
the data-entry test (token, timing, single use), offers and the hire."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone

from backoffice.people.models import Employee, User
from recruiting import hiring_selectors
from recruiting.models import (
    Application,
    Interview,
    Offer,
    Requisition,
    Scorecard,
    ScorecardRating,
    SkillsTest,
)
from recruiting.services import interviews as interview_services
from recruiting.services import offers as offer_services
from recruiting.services import scorecards as scorecard_services
from recruiting.services import skills_test as test_services
from recruiting.services.scorecards import RatingInput
from tests.factories.recruiting import ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db


# --- Interviews --------------------------------------------------------------------------------


def test_schedule_invites_each_interviewer_with_an_ics(
    application, hiring_manager, interviewer, second_interviewer, django_capture_on_commit_callbacks
):
    starts = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_services.interview_schedule(
            application=application,
            by=hiring_manager,
            kind=Interview.Kind.PANEL,
            starts_at=starts,
            duration_minutes=60,
            interviewers=[interviewer, second_interviewer],
            location="Room 4",
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [interviewer.email, second_interviewer.email]
    )
    name, content, mimetype = mail.outbox[0].attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    assert name == "invite.ics"
    assert "method=REQUEST" in mimetype
    assert f"UID:{interview.uid}@backoffice" in text
    assert "SEQUENCE:0" in text
    assert "METHOD:REQUEST" in text
    # Scheduling lets the interviewers see the application.
    assert Application.objects.visible_to(second_interviewer).filter(pk=application.pk).exists()


def test_update_and_cancel_keep_the_uid_and_raise_the_sequence(
    interview, hiring_manager, interviewer, second_interviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_update(
            interview=interview,
            by=hiring_manager,
            kind=interview.kind,
            starts_at=interview.starts_at + datetime.timedelta(hours=1),
            duration_minutes=30,
            interviewers=[interviewer],
            location="Room 5",
        )
    bodies = {m.to[0]: m.attachments[0][1] for m in mail.outbox}
    assert "METHOD:REQUEST" in bodies[interviewer.email]
    assert "SEQUENCE:1" in bodies[interviewer.email]
    assert "METHOD:CANCEL" in bodies[second_interviewer.email]  # removed from the panel
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interview_services.interview_cancel(interview=interview, by=hiring_manager)
    (message,) = mail.outbox
    body = message.attachments[0][1]
    assert f"UID:{interview.uid}@backoffice" in body
    assert "SEQUENCE:2" in body
    assert "STATUS:CANCELLED" in body


def test_schedule_needs_a_place_and_an_interviewer(application, hiring_manager, interviewer):
    with pytest.raises(interview_services.InterviewRefused):
        interview_services.interview_schedule(
            application=application,
            by=hiring_manager,
            kind="interview",
            starts_at=timezone.now(),
            duration_minutes=30,
            interviewers=[interviewer],
        )
    assert not Interview.objects.exists()


# --- Scorecards ---------------------------------------------------------------------------------


def test_a_one_or_a_four_needs_a_note(interview, interviewer, scorecard_template, ratings):
    items = ratings(scorecard_template, value=4)
    with pytest.raises(scorecard_services.ScorecardRefused, match="needs a note"):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=interviewer,
            ratings=items,
            recommendation="yes",
            submit=True,
        )
    assert not Scorecard.objects.exists()
    card = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template, value=4, note="Typed 60 records with no error."),
        recommendation="strong_yes",
        submit=True,
    )
    assert card.is_submitted
    assert card.ratings.count() == 4


def test_two_and_three_and_not_assessed_need_no_note(interview, interviewer, scorecard_template):
    criteria = list(scorecard_template.criteria.all())
    items = [RatingInput(criteria[0].pk, 2), RatingInput(criteria[1].pk, 3)]
    items += [RatingInput(c.pk, None) for c in criteria[2:]]
    card = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=items,
        recommendation="no",
        submit=True,
    )
    assert card.ratings.filter(rating__isnull=True).count() == 2


def test_submitted_scorecard_is_read_only_and_an_amendment_keeps_the_original(
    interview, interviewer, scorecard_template, ratings
):
    original = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template),
        recommendation="yes",
        submit=True,
    )
    with pytest.raises(scorecard_services.ScorecardRefused, match="read-only"):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=interviewer,
            ratings=ratings(scorecard_template, 2),
            recommendation="no",
            submit=True,
        )
    amended = scorecard_services.scorecard_amend(
        scorecard=original,
        interviewer=interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
        reason="Mixed up two candidates' notes.",
    )
    original.refresh_from_db()
    assert original.recommendation == "yes"
    assert set(original.ratings.values_list("rating", flat=True)) == {3}
    assert amended.amends == original
    assert list(Scorecard.objects.current()) == [amended]
    with pytest.raises(scorecard_services.ScorecardRefused):
        scorecard_services.scorecard_amend(
            scorecard=original,
            interviewer=interviewer,
            ratings=ratings(scorecard_template),
            recommendation="yes",
            reason="again",
        )


def test_only_the_interviews_interviewers_can_score(
    interview, hiring_manager, scorecard_template, ratings
):
    with pytest.raises(scorecard_services.ScorecardRefused):
        scorecard_services.scorecard_save(
            interview=interview,
            interviewer=hiring_manager,
            ratings=ratings(scorecard_template),
            recommendation="yes",
            submit=True,
        )
    assert not Scorecard.objects.exists()


def test_independence_others_hidden_until_own_submitted(
    interview, interviewer, second_interviewer, hiring_manager, hr_user, scorecard_template, ratings
):
    first = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=ratings(scorecard_template),
        recommendation="yes",
        submit=True,
    )
    assert list(Scorecard.objects.visible_to(second_interviewer)) == []
    draft = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
    )
    # A draft is not enough.
    assert list(Scorecard.objects.visible_to(second_interviewer)) == [draft]
    # HR and the hiring manager see every scorecard; the first interviewer does not see drafts.
    assert set(Scorecard.objects.visible_to(hr_user)) == {first, draft}
    assert set(Scorecard.objects.visible_to(hiring_manager)) == {first, draft}
    assert list(Scorecard.objects.visible_to(interviewer)) == [first]
    second = scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        ratings=ratings(scorecard_template, 2),
        recommendation="no",
        submit=True,
    )
    assert set(Scorecard.objects.visible_to(second_interviewer)) == {first, second}


# --- Aggregation --------------------------------------------------------------------------------


def test_weighted_scores_tally_and_disagreement(
    interview, interviewer, second_interviewer, scorecard_template
):
    accuracy, records, communication, teamwork = scorecard_template.criteria.all()
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="strong_yes",
        submit=True,
        ratings=[
            RatingInput(accuracy.pk, 4, "Perfect"),
            RatingInput(records.pk, 2),
            RatingInput(communication.pk, 3),
            RatingInput(teamwork.pk, None),
        ],
    )
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        recommendation="no",
        submit=True,
        ratings=[
            RatingInput(accuracy.pk, 2),
            RatingInput(records.pk, 2),
            RatingInput(communication.pk, 3),
            RatingInput(teamwork.pk, 2),
        ],
    )
    summary = hiring_selectors.scorecard_summaries([interview.application_id])[
        interview.application_id
    ]
    # skills: accuracy mean 3 (weight 3), records 2 (weight 1) -> 11/4 = 2.75
    assert summary.skills == 2.75
    assert summary.culture == 2.5  # communication 3, teamwork 2
    assert summary.scorecards == 2
    assert summary.tally == {"strong_yes": 1, "no": 1}
    assert summary.disagreements == ["Data-entry accuracy"]


def test_balance_warnings(interview, interviewer, scorecard_template):
    application = interview.application
    warnings = hiring_selectors.balance_warnings(application)
    assert any("culture fit" in w for w in warnings)
    assert any("Data-entry accuracy" in w for w in warnings)
    skills_only = [
        RatingInput(c.pk, 3 if c.section == "skills" else None)
        for c in scorecard_template.criteria.all()
    ]
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        ratings=skills_only,
        recommendation="yes",
        submit=True,
    )
    assert hiring_selectors.balance_warnings(application) == [
        "Nobody has assessed culture fit and soft skills."
    ]


def test_calibration_compares_each_interviewer_with_the_panel(
    interview, interviewer, second_interviewer, scorecard_template, ratings
):
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="yes",
        submit=True,
        ratings=ratings(scorecard_template, 4, "Strong evidence."),
    )
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=second_interviewer,
        recommendation="no",
        submit=True,
        ratings=ratings(scorecard_template, 2),
    )
    rows = {row.interviewer: row for row in hiring_selectors.calibration()}
    assert rows[interviewer].mean == 4
    assert rows[interviewer].panel_mean == 2
    assert rows[interviewer].tendency == "Lenient"
    assert rows[second_interviewer].tendency == "Harsh"


# --- The data-entry test -------------------------------------------------------------------------


def _perfect(test):
    return [dict(record) for record in test.records]


def test_test_link_is_emailed_and_scores_per_field(
    application, hr_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        test = test_services.skills_test_send(application=application, by=hr_user)
    (message,) = mail.outbox
    token = test_services.token_for(test)
    assert token in message.body
    assert message.to == [application.candidate.email]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        test_services.skills_test_start(token=token)
        answers = _perfect(test)
        answers[0]["amount"] = "1.00"
        clock.shift(datetime.timedelta(minutes=6))
        test = test_services.skills_test_submit(token=token, answers=answers)
    assert test.fields_total == 24
    assert test.fields_correct == 23
    assert test.accuracy == round(100 * 23 / 24, 1)
    assert test.records_per_hour == 60.0  # 6 records in 6 minutes
    assert not test.late


def test_timing_is_the_servers_and_the_limit_is_enforced(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        started = test_services.skills_test_start(token=token)
        clock.shift(datetime.timedelta(minutes=3))
        # Starting again (a reload) does not restart the clock.
        assert test_services.skills_test_start(token=token).started_at == started.started_at
        clock.shift(datetime.timedelta(minutes=8))  # 11 minutes, limit 10 + 30 s grace
        test = test_services.skills_test_submit(token=token, answers=_perfect(test))
    assert test.late
    assert test.fields_correct == 0
    assert test.records_complete == 0
    assert test.submitted_at - test.started_at == datetime.timedelta(minutes=11)


def test_a_second_submission_is_refused(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    test_services.skills_test_start(token=token)
    test_services.skills_test_submit(token=token, answers=_perfect(test))
    with pytest.raises(test_services.SkillsTestRefused, match="already"):
        test_services.skills_test_submit(token=token, answers=[])
    test.refresh_from_db()
    assert test.fields_correct == 24


def test_the_link_expires_after_seven_days(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    token = test_services.token_for(test)
    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with (
        time_machine.travel(later),
        pytest.raises(test_services.SkillsTestRefused, match="expired"),
    ):
        test_services.skills_test_start(token=token)
    test.refresh_from_db()
    assert test.started_at is None


def test_a_forged_token_is_refused(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_from_token(test_services.token_for(test) + "x")
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_from_token(f"{test.pk}")


# --- Offers and the hire -----------------------------------------------------------------------


@pytest.fixture
def offer(requisition):
    application = ApplicationFactory(
        requisition=requisition,
        stage=Application.Stage.OFFER,
        candidate__name="Olga Berg",
        candidate__email="olga@example.net",
    )
    return OfferFactory(application=application)


def test_offer_steps_and_who_may_take_them(offer, hiring_manager, hr_user):
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_transition(offer=offer, to_status="approved", by=hiring_manager)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer = offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    assert offer.status == Offer.Status.SENT
    assert offer.sent_at
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_transition(offer=offer, to_status="draft", by=hr_user)


def test_accepting_hires_in_one_go_and_twice_does_nothing_more(
    offer, hiring_manager, hr_user, django_capture_on_commit_callbacks
):
    from onboarding.models import OnboardingPlan
    from performance.models import ProbationCheckIn

    requisition = offer.application.requisition
    other = ApplicationFactory(requisition=requisition, stage=Application.Stage.INTERVIEW)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    with django_capture_on_commit_callbacks(execute=True):
        offer = offer_services.offer_transition(
            offer=offer, to_status="accepted", by=hiring_manager
        )
    employee = Employee.objects.get(user__email="olga@example.net")
    assert offer.employee == employee
    assert employee.status == Employee.Status.PRE_START
    assert employee.start_date == offer.start_date
    assert employee.department == requisition.department
    assert employee.manager == Employee.objects.get(user=hiring_manager)
    assert not employee.user.has_usable_password()
    offer.application.refresh_from_db()
    assert offer.application.stage == Application.Stage.HIRED
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.FILLED
    other.refresh_from_db()
    assert other.stage == Application.Stage.REJECTED
    assert other.rejection_reason.name == offer_services.FILLED_REASON
    welcome = [m for m in mail.outbox if m.to == ["olga@example.net"]]
    assert len(welcome) == 1
    # The invitation is Django's password-reset link, valid for the new user.
    link = re.search(r"/accounts/[^\s]*/(?P<uid>[^/\s]+)/(?P<token>[^/\s]+)/", welcome[0].body)
    assert link is not None
    assert default_token_generator.check_token(employee.user, link["token"])
    assert OnboardingPlan.objects.filter(employee=employee).exists()
    assert ProbationCheckIn.objects.filter(employee=employee).count() == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = offer_services.offer_transition(
            offer=offer, to_status="accepted", by=hiring_manager
        )
    assert again.employee == employee
    assert Employee.objects.filter(user__email="olga@example.net").count() == 1
    assert User.objects.filter(email="olga@example.net").count() == 1
    assert mail.outbox == []


def test_requisition_stays_open_until_headcount_is_reached(offer, hiring_manager, hr_user):
    requisition = offer.application.requisition
    Requisition.objects.filter(pk=requisition.pk).update(headcount=2)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    offer_services.offer_transition(offer=offer, to_status="accepted", by=hiring_manager)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN


def test_sent_offers_expire_after_their_date(offer, hiring_manager, hr_user):
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    later = timezone.now() + datetime.timedelta(days=8)
    assert offer_services.offers_expire_due(now=later) == 1
    offer.refresh_from_db()
    assert offer.status == Offer.Status.EXPIRED
    assert offer_services.offers_expire_due(now=later) == 0


def test_an_offer_needs_the_offer_stage(application, hiring_manager):
    with pytest.raises(offer_services.OfferRefused):
        offer_services.offer_create(
            application=application,
            by=hiring_manager,
            salary=1000,
            start_date=timezone.localdate(),
            expires_on=timezone.localdate(),
        )
    assert not Offer.objects.exists()


def test_ratings_reference_only_the_template_criteria(interview, interviewer, scorecard_template):
    scorecard_services.scorecard_save(
        interview=interview,
        interviewer=interviewer,
        recommendation="yes",
        submit=True,
        ratings=[RatingInput(999999, 3)],
    )
    assert not ScorecardRating.objects.exists()


def test_skills_test_model_is_untouched_by_a_refused_start(application, hr_user):
    test = test_services.skills_test_send(application=application, by=hr_user)
    with pytest.raises(test_services.SkillsTestRefused):
        test_services.skills_test_submit(token=test_services.token_for(test), answers=[])
    assert SkillsTest.objects.get(pk=test.pk).submitted_at is None


def test_a_requisition_can_choose_its_own_template(requisition, scorecard_template):
    from recruiting.models import ScorecardTemplate
    from tests.factories.recruiting import ScorecardTemplateFactory

    assert ScorecardTemplate.for_requisition(requisition) == scorecard_template
    chosen = ScorecardTemplateFactory(role_family=None, name="Chosen")
    Requisition.objects.filter(pk=requisition.pk).update(scorecard_template=chosen)
    requisition.refresh_from_db()
    assert ScorecardTemplate.for_requisition(requisition) == chosen
