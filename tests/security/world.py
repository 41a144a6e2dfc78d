"""A small company for the permission matrix: two teams, two requisitions, and what hangs off them.

Everything of side A (team A, requisition A) is the target; the people who try to reach it are
on side B or hold no relation to it, one per role of the matrix. Side A's private texts are
SECRETS: none of them may appear on a page served to anyone but HR.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from backoffice.apitokens.services import token_create
from backoffice.people.models import Department, Employee, ExitAnswer, Leaving, LeavingReason
from onboarding.models import ItemKind
from onboarding.services import uploads as onboarding_uploads
from performance.models import (
    DevelopmentItem,
    ProbationCheckIn,
    PulseAnswer,
    PulseParticipation,
    ReviewAnswer,
    ReviewQuestion,
    Skill,
)
from performance.services import pulse as pulse_services
from recruiting.models import (
    ApplicationAttachment,
    ApplicationNote,
    OfferSignature,
    Scorecard,
    SkillsTest,
)
from recruiting.services import retention
from tests.factories import pulse as pulse_factories
from tests.factories.onboarding import (
    OnboardingPlanFactory,
    PlanItemFactory,
    PolicyFactory,
    PolicyVersionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory, UserFactory
from tests.factories.performance import (
    FeedbackFactory,
    GoalFactory,
    OneOnOneNoteFactory,
    PeerFeedbackFactory,
    ReviewCycleFactory,
    ReviewFactory,
    ReviewQuestionFactory,
)
from tests.factories.recruiting import (
    ApplicationFactory,
    ApplicationInterviewerFactory,
    InterviewFactory,
    OfferFactory,
    RequisitionFactory,
    pdf_bytes,
)

# The roles of the matrix.
ANON = "anonymous"
CANDIDATE = "candidate token holder"
EMPLOYEE = "employee"
NEW_HIRE = "new hire"
INTERVIEWER = "interviewer"
OTHER_HIRING_MANAGER = "hiring manager of another requisition"
OTHER_MANAGER = "manager of another team"
HR = "HR"
ROLES = (ANON, CANDIDATE, EMPLOYEE, NEW_HIRE, INTERVIEWER, OTHER_HIRING_MANAGER, OTHER_MANAGER, HR)

SECRETS = (
    "Secretia Alphacandidate",
    "alpha-note-7f3c",
    "alpha-goal-91bd",
    "alpha-answer-2c4e",
    "alpha-oneonone-5d8a",
    "alpha-feedback-b6e1",
    "alpha-checkin-0a9f",
    "alpha-scorecard-3e7d",
    "alpha-exit-4d1c",
    "alpha-pulse-comment-4b2f",
    "alpha-development-8c1d",
    "alpha-token",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → user (None for the anonymous ones)
    objects: dict = field(default_factory=dict)  # name → object of side A
    candidate_token: str = ""  # side B's candidate's own withdraw link token


def build_world() -> World:
    world = World()
    today = timezone.localdate()

    # --- Side A: the targets -------------------------------------------------------------
    manager_a = EmployeeFactory(user__roles=["Hiring manager", "Interviewer"])
    employee_a = EmployeeFactory(manager=manager_a)
    peer_a = EmployeeFactory(manager=manager_a)
    new_hire_a = EmployeeFactory(
        manager=manager_a,
        status=Employee.Status.PRE_START,
        start_date=today + datetime.timedelta(days=5),
    )
    requisition_a = RequisitionFactory(hiring_manager=manager_a.user, title="Alpha clerk")
    application_a = ApplicationFactory(
        requisition=requisition_a, candidate__name="Secretia Alphacandidate"
    )
    ApplicationNote.objects.create(application=application_a, body="alpha-note-7f3c")
    attachment_a = ApplicationAttachment(
        application=application_a, filename="references.pdf", content_type="application/pdf"
    )
    attachment_a.file.save("attachment", ContentFile(pdf_bytes()), save=False)
    attachment_a.save()

    interview_a = InterviewFactory(application=application_a, interviewers=[manager_a.user])
    scorecard_a = Scorecard.objects.create(
        interview=interview_a,
        application=application_a,
        interviewer=manager_a.user,
        summary="alpha-scorecard-3e7d",
    )
    offer_a = OfferFactory(application=application_a)
    # A signed offer on side A (another application of the same requisition).
    signed_offer_a = OfferFactory(
        application=ApplicationFactory(requisition=application_a.requisition, stage="hired"),
        status="accepted",
        letter_html="<p>Dear Ada, we offer you the job.</p>",
        letter_sha256="a" * 64,
    )
    OfferSignature.objects.create(
        offer=signed_offer_a,
        typed_name="Ada Alpha",
        signed_at=timezone.now(),
        ip_address="203.0.113.7",
        letter_sha256="a" * 64,
    )
    skills_test_a = SkillsTest.objects.create(
        application=application_a,
        code="ALPHA7",
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    plan_a = OnboardingPlanFactory(employee=new_hire_a)
    item_a = PlanItemFactory(plan=plan_a, kind=ItemKind.UPLOAD, title="Upload your ID")
    item_a.upload.save("id", ContentFile(pdf_bytes()), save=False)
    item_a.upload_name = "id.pdf"
    item_a.upload_content_type = "application/pdf"
    item_a.save()
    policy = PolicyFactory()
    version = PolicyVersionFactory(policy=policy, number=1)
    version.pdf.save("policy.pdf", ContentFile(pdf_bytes()), save=True)
    policy.current_version = version
    policy.save(update_fields=["current_version"])
    draft = PolicyVersionFactory(policy=policy, number=2, published_at=None, body="Draft rules")
    training_a = TrainingModuleFactory()
    PlanItemFactory(plan=plan_a, kind=ItemKind.TRAINING, training=training_a)
    training_file_a = onboarding_uploads.training_attachment_add(
        module=training_a, title="Slides", upload=ContentFile(pdf_bytes(), name="slides.pdf")
    )

    cycle = ReviewCycleFactory(status="self_review")
    question = ReviewQuestionFactory(cycle=cycle, kind=ReviewQuestion.Kind.TEXT)
    review_a = ReviewFactory(cycle=cycle, employee=employee_a, manager=manager_a)
    ReviewAnswer.objects.create(
        review=review_a, question=question, author="self", text="alpha-answer-2c4e"
    )
    peer_request_a = PeerFeedbackFactory(review=review_a, peer=peer_a)
    goal_a = GoalFactory(employee=employee_a, title="alpha-goal-91bd")
    OneOnOneNoteFactory(report=employee_a, text="alpha-oneonone-5d8a")
    FeedbackFactory(recipient=employee_a, giver=manager_a.user, text="alpha-feedback-b6e1")
    check_in_a = ProbationCheckIn.objects.create(
        employee=new_hire_a, manager=manager_a, day=30, due_date=today, notes="alpha-checkin-0a9f"
    )

    leaver_a = EmployeeFactory(manager=manager_a)
    leaving_a = Leaving.objects.create(
        employee=leaver_a,
        last_day=today + datetime.timedelta(days=10),
        reason=LeavingReason.objects.first(),
        notes="alpha-exit-4d1c",
    )
    ExitAnswer.objects.create(
        leaving=leaving_a,
        main_reason="alpha-exit-4d1c",
        manager_support=3,
        growth=3,
        would_recommend=True,
    )

    # --- Side B and the others: the people who try ----------------------------------------
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    manager_b = EmployeeFactory()
    employee_b = EmployeeFactory(manager=manager_b)
    new_hire_b = EmployeeFactory(
        manager=manager_b,
        status=Employee.Status.PRE_START,
        start_date=today + datetime.timedelta(days=5),
    )
    OnboardingPlanFactory(employee=new_hire_b)
    hiring_manager_b = EmployeeFactory(user__roles=["Hiring manager", "Interviewer"])
    requisition_b = RequisitionFactory(hiring_manager=hiring_manager_b.user, title="Beta clerk")
    application_b = ApplicationFactory(requisition=requisition_b, candidate__name="Bea Beta")
    interviewer = EmployeeFactory(user__roles=["Interviewer"]).user
    ApplicationInterviewerFactory(application=application_b, user=interviewer)

    development_item_a = DevelopmentItem.objects.create(
        employee=employee_a,
        skill=Skill.objects.order_by("pk").first(),
        kind="stretch",
        title="alpha-development-8c1d",
        due_on=today + datetime.timedelta(days=20),
        proposed_by=manager_a.user,
    )
    # A pulse survey asked of side A's own department only, with enough answers to show.
    pulse_department = Department.objects.create(name="Alpha pulse")
    _pulse_manager, pulse_team = pulse_factories.team(department=pulse_department, size=5)
    pulse_survey_a = pulse_services.pulse_survey_create(
        by=hr,
        name="Alpha pulse",
        frequency="monthly",
        departments=[pulse_department],
        first_round_on=today,
    )
    pulse_round_a = pulse_survey_a.rounds.get()
    pulse_factories.answer_all(pulse_round_a, pulse_team, comment="alpha-pulse-comment-4b2f")

    world.users = {
        ANON: None,
        CANDIDATE: None,
        EMPLOYEE: employee_b.user,
        NEW_HIRE: new_hire_b.user,
        INTERVIEWER: interviewer,
        OTHER_HIRING_MANAGER: hiring_manager_b.user,
        OTHER_MANAGER: manager_b.user,
        HR: hr,
    }
    world.objects = {
        "requisition": requisition_a,
        "candidate": application_a.candidate,
        "plan": plan_a,
        # Side A's manager's personal API token: nobody else lists or revokes it.
        "api_token": token_create(user=manager_a.user, name="alpha-token", lifetime_days=30).token,
        "application": application_a,
        "attachment": attachment_a,
        "interview": interview_a,
        "scorecard": scorecard_a,
        "offer": offer_a,
        "signed_offer": signed_offer_a,
        # Side A's application and offer, signed for another purpose than their links.
        "forged_status_token": signing.dumps(application_a.pk, salt="another-purpose"),
        "forged_offer_token": signing.dumps(
            {"offer": signed_offer_a.pk, "letter": "a" * 16}, salt="another-purpose"
        ),
        "skills_test": skills_test_a,
        # Side A's test addressed with a token not signed for it: nobody gets through.
        "forged_skills_token": signing.dumps(skills_test_a.pk, salt="another-purpose"),
        "item": item_a,
        "policy_version": version,
        "policy": policy,
        "policy_draft": draft,
        "training_file": training_file_a,
        "employee": employee_a,
        "new_hire": new_hire_a,
        "review": review_a,
        "peer_request": peer_request_a,
        "cycle": cycle,
        "goal": goal_a,
        "check_in": check_in_a,
        # Side A's application id, signed — but for another purpose than the withdraw link.
        "forged_withdraw_token": signing.dumps(application_a.pk, salt="another-purpose"),
        "unrelated_user": UserFactory(),
        "leaving": leaving_a,
        "forged_exit_token": signing.dumps({"leaving": leaving_a.pk}, salt="another-purpose"),
        "pulse_survey": pulse_survey_a,
        "development_item": development_item_a,
        "pulse_round": pulse_round_a,
        "pulse_comment": PulseAnswer.objects.filter(round=pulse_round_a).first(),
        "forged_pulse_token": signing.dumps(
            PulseParticipation.objects.filter(round=pulse_round_a).first().pk,
            salt="another-purpose",
        ),
    }
    world.candidate_token = retention.withdraw_token(application_b)
    return world


# Tables whose rows change on any signed-in request, whoever makes it: not a business write.
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def database_checksum() -> int:
    """How many rows this transaction has inserted, updated or deleted in any table so far.

    PostgreSQL counts every row write per table and transaction (pg_stat_xact_user_tables):
    one cheap query that sees any insert, update or delete — even an update that writes back
    the same values — where comparing row contents would need a scan of every table.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE NOT (relname = ANY(%s))",
            [sorted(VOLATILE_TABLES)],
        )
        return int(cursor.fetchone()[0])
