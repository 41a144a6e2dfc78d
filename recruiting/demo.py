"""Demo recruiting: 6 back-office requisitions and about 150 candidates across the stages.

Applications are moved with application_move like any other; their history is then spread
over past weeks so that "days in stage" and the report look like a real pipeline.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, RoleFamily, User
from recruiting import services
from recruiting.documents import resume_lines, simple_pdf
from recruiting.models.candidates import Application, RejectionReason, StageEvent
from recruiting.models.requisitions import Requisition, RequisitionEvent, RequisitionSkill

REJECTION_REASONS = [
    (
        "Not enough relevant experience",
        "Your application for {job}",
        "Dear {name},\n\nThank you for applying for {job}. We have decided to continue with "
        "candidates whose experience matches the role more closely.\n\nWe wish you every "
        "success.\n\nThe hiring team",
    ),
    (
        "Skills test below the bar",
        "Your application for {job}",
        "Dear {name},\n\nThank you for taking our skills test for {job}. This time your "
        "result did not reach the level the role needs.\n\nKind regards,\nThe hiring team",
    ),
    (
        "Position filled",
        "The {job} position has been filled",
        "Dear {name},\n\nThank you for your interest in {job}. The position has now been "
        "filled.\n\nKind regards,\nThe hiring team",
    ),
    ("Candidate withdrew interest", "", ""),
    ("Salary expectations do not match", "", ""),
]

# title, manager email, department, role family, type, location, remote, salary, status, skills
REQUISITIONS = [
    ("Data-Entry Clerk", "manager2@example.com", "Operations", "data-entry-clerk", "full_time",
     "Rotterdam", "on_site", (28000, 33000), "open",
     [("10-key numeric entry", 1), ("Spreadsheets", 1), ("Accuracy checking", 0)]),
    ("Bookkeeper", "manager@example.com", "Finance", "bookkeeper", "full_time", "Utrecht",
     "hybrid", (38000, 46000), "open",
     [("Double-entry bookkeeping", 2), ("Bank reconciliation", 1)]),
    ("Accounts Payable Clerk", "manager@example.com", "Finance",
     "accounts-payable-receivable-clerk", "full_time", "Utrecht", "hybrid", (32000, 38000),
     "open", [("Three-way matching", 1), ("ERP systems", 1)]),
    ("Receptionist", "manager2@example.com", "Administration", "receptionist", "part_time",
     "Rotterdam", "on_site", (24000, 28000), "open",
     [("Switchboard", 0), ("Visitor registration", 0)]),
    ("Customer Service Representative", "manager2@example.com", "Customer Service",
     "customer-service-representative", "temporary", "Remote (NL)", "remote", (27000, 31000),
     "on_hold", [("Ticketing systems", 1), ("Dutch and English", 0)]),
    ("Payroll Clerk", "manager@example.com", "Finance", "payroll-clerk", "contract", "Utrecht",
     "hybrid", (34000, 40000), "pending_approval", [("Payroll software", 2)]),
]  # fmt: skip

APPLICATIONS_PER_REQUISITION = 30
FIRST_NAMES = [
    "Anna", "Ben", "Chloé", "Daan", "Eva", "Finn", "Gita", "Hugo", "Iris", "Jasper", "Kiki",
    "Lars", "Mila", "Noor", "Omar", "Pia", "Quinten", "Rosa", "Sem", "Tess", "Umar", "Vera",
    "Wout", "Xena", "Yara", "Zoë", "Bram", "Lotte", "Milan", "Sanne",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "de Boer", "Bos",
    "Vos", "Peters", "Hendriks", "Dekker", "Brouwer", "Kaya", "Yilmaz", "Nguyen", "Haddad",
]  # fmt: skip
SOURCES = ["Careers page", "Job board", "LinkedIn", "Referral", "Agency"]
# Where the 30 applications of an open requisition end up.
STAGE_MIX = (
    ["applied"] * 9
    + ["screening"] * 6
    + ["assessment"] * 4
    + ["interview"] * 3
    + ["offer"] * 1
    + ["rejected"] * 6
    + ["withdrawn"] * 1
)
PATH = {
    "applied": [],
    "screening": ["screening"],
    "assessment": ["screening", "assessment"],
    "interview": ["screening", "assessment", "interview"],
    "offer": ["screening", "assessment", "interview", "offer"],
    "rejected": ["screening", "rejected"],
    "withdrawn": ["screening", "withdrawn"],
}


def _description(title: str, skills: list[tuple[str, int]]) -> str:
    lines = "\n".join(
        f"- {name}" + (f" ({years}+ years)" if years else "") for name, years in skills
    )
    return (
        f"We are looking for a **{title.lower()}** who enjoys getting the details right.\n\n"
        "## What you will do\n\n"
        "- Keep records complete and up to date\n"
        "- Process documents quickly and accurately (we aim for 99% accuracy)\n"
        "- Help colleagues across the office\n\n"
        f"## What you bring\n\n{lines}\n\n"
        "Training on our policies, procedures and software is part of your first weeks."
    )


def _requisition(row, hr: User) -> Requisition:
    title, manager, department, family, kind, location, remote, salary, status, skills = row
    manager_user = User.objects.get(email=manager)
    requisition = Requisition.objects.create(
        title=title,
        department=Department.objects.get(name=department),
        role_family=RoleFamily.objects.get(slug=family),
        hiring_manager=manager_user,
        employment_type=kind,
        location=location,
        remote_option=remote,
        salary_min=salary[0],
        salary_max=salary[1],
        description=_description(title, skills),
        target_start_date=timezone.localdate() + datetime.timedelta(days=45),
    )
    for name, years in skills:
        RequisitionSkill.objects.create(requisition=requisition, name=name, minimum_years=years)
    steps = {
        "pending_approval": [("pending_approval", manager_user)],
        "open": [("pending_approval", manager_user), ("open", hr)],
        "on_hold": [("pending_approval", manager_user), ("open", hr), ("on_hold", manager_user)],
    }[status]
    for to_status, by in steps:
        services.requisition_transition(requisition=requisition, to_status=to_status, by=by)
    return requisition


def _backdate(requisition: Requisition, rng: random.Random) -> None:
    """Spread the history over the past weeks: the requisition opened 40 days ago."""
    now = timezone.now()
    opened = now - datetime.timedelta(days=40)
    RequisitionEvent.objects.filter(requisition=requisition).update(at=opened)
    if requisition.opened_at:
        Requisition.objects.filter(pk=requisition.pk).update(opened_at=opened)
    for application in requisition.applications.all():
        applied = opened + datetime.timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 9))
        moment = applied
        events = list(application.events.order_by("pk"))
        for event in events:
            if event.from_stage:
                room = max((now - moment).days // 2, 1)
                moment = min(moment + datetime.timedelta(days=rng.randint(1, room)), now)
            StageEvent.objects.filter(pk=event.pk).update(at=moment)
        Application.objects.filter(pk=application.pk).update(
            applied_at=applied, stage_changed_at=moment, manager_notified_at=now
        )


def _applications(requisition: Requisition, rng: random.Random, counter: list[int]) -> None:
    manager = requisition.hiring_manager
    reasons = list(RejectionReason.objects.all())
    interviewer = User.objects.filter(email="interviewer@example.com").first()
    skills = [skill.name for skill in requisition.skills.all()]
    for index in range(APPLICATIONS_PER_REQUISITION):
        counter[0] += 1
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name = f"{first} {last}"
        email = f"{first}.{last}.{counter[0]}@example.net".lower().replace(" ", "")
        years = rng.randint(0, 12)
        chosen = rng.sample(skills, k=rng.randint(0, len(skills)))
        lines = resume_lines(
            name=name, email=email, years=years, role=requisition.title, skills=chosen
        )
        if index % 3:
            resume = ContentFile(simple_pdf(lines), name="resume.pdf")
            filename, content_type = (
                f"{first}-{last}-resume.pdf".replace(" ", "-"),
                "application/pdf",
            )
        else:
            resume = ContentFile("\n".join(lines).encode(), name="resume.txt")
            filename, content_type = f"{first}-{last}-resume.txt".replace(" ", "-"), "text/plain"
        requisition_status = requisition.status
        # Applications arrive while the requisition is open.
        Requisition.objects.filter(pk=requisition.pk).update(status=Requisition.Status.OPEN)
        application = services.application_submit(
            requisition=requisition,
            name=name,
            email=email,
            phone=f"+31 6 {rng.randint(10000000, 99999999)}",
            cover_letter=f"I would love to join your team in the {requisition.title} role.",
            years_experience=years,
            source=rng.choice(SOURCES),
            skills=chosen,
            resume=services.ResumeUpload(file=resume, filename=filename, content_type=content_type),
            notify_candidate=False,
        )
        Requisition.objects.filter(pk=requisition.pk).update(status=requisition_status)
        target = STAGE_MIX[index % len(STAGE_MIX)]
        for stage in PATH[target]:
            if stage == "rejected":
                services.application_reject(
                    application=application,
                    by=manager,
                    reason=rng.choice(reasons),
                    send_email=False,
                )
            elif stage == "withdrawn":
                services.application_move(
                    application=application,
                    to_stage=stage,
                    by=manager,
                    rejection_reason=RejectionReason.objects.get(
                        name="Candidate withdrew interest"
                    ),
                )
            else:
                services.application_move(application=application, to_stage=stage, by=manager)
        if (
            target in ("interview", "offer")
            and interviewer
            and manager.email == "manager@example.com"
        ):
            services.application_interviewer_assign(application=application, user=interviewer)


@demo_step(name="recruiting", order=30)
def seed_recruiting() -> str:
    if Requisition.objects.filter(title=REQUISITIONS[0][0]).exists():
        return "already there"
    rng = random.Random(20261125)  # noqa: S311 - demo data, reproducible on purpose
    with transaction.atomic():
        for name, subject, body in REJECTION_REASONS:
            RejectionReason.objects.get_or_create(
                name=name, defaults={"email_subject": subject, "email_body": body}
            )
    hr = User.objects.get(email="hr@example.com")
    counter = [0]
    created = 0
    for row in REQUISITIONS:
        with transaction.atomic():
            requisition = _requisition(row, hr)
            if requisition.status in (Requisition.Status.OPEN, Requisition.Status.ON_HOLD):
                _applications(requisition, rng, counter)
                _backdate(requisition, rng)
                created += APPLICATIONS_PER_REQUISITION
    return f"{len(REQUISITIONS)} requisitions, {created} applications with resumes"


@demo_step(name="structured hiring", order=35)
def seed_structured_hiring() -> str:
    """Interviews with submitted scorecards, a taken data-entry test and an approved offer on
    the Bookkeeper requisition. Rows that would email someone (interviews, the test link) are
    written directly so that seeding sends nothing; everything else goes through services."""
    from recruiting.models.interviews import Interview
    from recruiting.models.offers import Offer
    from recruiting.models.skills_test import SkillsTest
    from recruiting.services import offers as offer_services
    from recruiting.services import scorecards as scorecard_services
    from recruiting.services import skills_test as test_services

    if Interview.objects.exists():
        return "already there"
    requisition = Requisition.objects.filter(title="Bookkeeper").first()
    if requisition is None:
        return "no Bookkeeper requisition"
    manager = requisition.hiring_manager
    interviewer = User.objects.get(email="interviewer@example.com")
    hr = User.objects.get(email="hr@example.com")
    template = _template_for(requisition)
    criteria = list(template.criteria.all()) if template else []
    now = timezone.now()
    in_interview = list(
        requisition.applications.filter(stage=Application.Stage.INTERVIEW).order_by("pk")[:3]
    )
    rng = random.Random(4)  # noqa: S311 - demo data
    for index, application in enumerate(in_interview):
        with transaction.atomic():
            interview = Interview.objects.create(
                application=application,
                kind=Interview.Kind.INTERVIEW if index else Interview.Kind.PANEL,
                starts_at=now - datetime.timedelta(days=2 + index, hours=3),
                duration_minutes=45,
                location="Utrecht office, room 2",
                created_by=manager,
            )
            interview.interviewers.set([interviewer, manager])
            services.application_interviewer_assign(application=application, user=interviewer)
            for person in (interviewer, manager) if index < 2 else (manager,):
                ratings = [
                    scorecard_services.RatingInput(
                        criterion_id=criterion.pk,
                        rating=(rating := rng.choice([2, 3, 3, 4])),
                        note="Gave a concrete example." if rating == 4 else "",
                    )
                    for criterion in criteria
                ]
                scorecard_services.scorecard_save(
                    interview=interview,
                    interviewer=person,
                    ratings=ratings,
                    recommendation=rng.choice(["yes", "strong_yes", "no"]),
                    summary="Solid on the basics; see the notes per criterion.",
                    submit=True,
                )
    if len(in_interview) > 1:
        # Still to come: tomorrow's panel, on the interviewers' home pages with the kit.
        upcoming = Interview.objects.create(
            application=in_interview[1],
            kind=Interview.Kind.PANEL,
            starts_at=timezone.localtime(now).replace(hour=10, minute=0, second=0, microsecond=0)
            + datetime.timedelta(days=1),
            duration_minutes=60,
            location="Utrecht office, room 2",
            created_by=manager,
        )
        panel = [interviewer, *User.objects.filter(email="interviewer2@example.com")]
        upcoming.interviewers.set(panel)
        for person in panel:
            services.application_interviewer_assign(application=in_interview[1], user=person)
    if in_interview:
        application = in_interview[0]
        test = SkillsTest.objects.create(
            application=application,
            code="DEMO01",
            sent_by=hr,
            expires_at=now + test_services.LINK_VALIDITY,
            records=test_services.records_generate(7),
        )
        token = test_services.token_for(test)
        test_services.skills_test_start(token=token)
        answers = [dict(record) for record in test.records]
        answers[1]["name"] = answers[1]["name"].lower()  # one typing error to show
        test_services.skills_test_submit(token=token, answers=answers)
        # Demo data: pretend the typing took five and a half minutes, not a split second.
        SkillsTest.objects.filter(pk=test.pk).update(
            started_at=timezone.now() - datetime.timedelta(minutes=5, seconds=30),
            records_complete=6,
        )
    offered = requisition.applications.filter(stage=Application.Stage.OFFER).first()
    if offered and not Offer.objects.filter(application=offered).exists():
        offer = offer_services.offer_create(
            application=offered,
            by=manager,
            salary=42000,
            start_date=timezone.localdate() + datetime.timedelta(days=30),
            expires_on=timezone.localdate() + datetime.timedelta(days=7),
        )
        offer_services.offer_transition(offer=offer, to_status=Offer.Status.APPROVED, by=hr)
    return (
        f"{len(in_interview)} interviews with scorecards, 1 upcoming, 1 test result, "
        "1 approved offer"
    )


def _template_for(requisition):
    from recruiting.models.scorecards import ScorecardTemplate

    return ScorecardTemplate.for_requisition(requisition)
