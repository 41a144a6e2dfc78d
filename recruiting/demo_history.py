"""Demo: earlier hires made through the app, with what we scored and how they did after.

64 data-entry clerks hired over the last two and a half years, each with two submitted
scorecards and a taken data-entry test; their signals are kept at the hire as for any hire
(hire_signals_record). The data are planted so that the hiring signals report has something
true to find: candidates rated low on one culture-fit criterion ("Alignment with company
values") mostly left within six months, and the skills criteria go with the first review's
rating (written by performance's demo step). Everything else is noise.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee, Leaving, LeavingReason, RoleFamily, User
from backoffice.people.services import employee_create, leavers_access_end_due, user_create
from recruiting.models.candidates import Application, Candidate
from recruiting.models.interviews import Interview
from recruiting.models.requisitions import Requisition
from recruiting.models.scorecards import Scorecard, ScorecardCriterion, ScorecardRating
from recruiting.models.skills_test import SkillsTest
from recruiting.services.hire_signals import hire_signals_record

PAST_TITLE = "Data-Entry Clerk (earlier hires)"
PLANTED_CRITERION = "Alignment with company values"
HIRES = 64
# Chance of leaving within six months by the planted criterion's latent score.
EARLY_LEAVING = {1: 0.8, 2: 0.55, 3: 0.12, 4: 0.05}
FIRST = ["Lena", "Mats", "Aylin", "Joris", "Femke", "Rayan", "Sophie", "Thijs", "Amira", "Koen",
         "Nina", "Luuk", "Hana", "Stijn", "Lieke", "Youssef"]  # fmt: skip
LAST = ["Willems", "van Dijk", "Kok", "Jacobs", "Vermeulen", "Sahin", "Postma", "Huisman",
        "Koster", "Prins", "Blom", "Kuipers"]  # fmt: skip


def _clamp(value: int) -> int:
    return max(1, min(4, value))


def _recommendation(mean: float) -> str:
    if mean >= 3.4:
        return "strong_yes"
    if mean >= 2.6:
        return "yes"
    return "no" if mean >= 1.8 else "strong_no"


def _scorecards(application, interview, interviewers, criteria, latent, rng, when) -> None:
    for interviewer in interviewers:
        ratings = {}
        for criterion in criteria:
            if criterion.name == PLANTED_CRITERION:
                base = latent["values"]
            elif criterion.section == ScorecardCriterion.Section.SKILLS:
                base = latent["skills"]
            else:
                base = rng.choice([2, 3, 3, 4])
            ratings[criterion] = _clamp(base + rng.choice([-1, 0, 0, 0, 1]))
        mean = sum(ratings.values()) / len(ratings)
        scorecard = Scorecard.objects.create(
            interview=interview,
            application=application,
            interviewer=interviewer,
            recommendation=_recommendation(mean + rng.choice([-0.4, 0, 0.4])),
            summary="Hired; see the notes per criterion.",
            submitted_at=when,
            created_at=when,
        )
        ScorecardRating.objects.bulk_create(
            ScorecardRating(scorecard=scorecard, criterion=criterion, rating=rating)
            for criterion, rating in ratings.items()
        )


def _test(application, hr, latent, rng, when, index) -> None:
    accuracy = {1: 0.72, 2: 0.85, 3: 0.93, 4: 0.98}[latent["skills"]] + rng.uniform(-0.05, 0.02)
    total = 56
    SkillsTest.objects.create(
        application=application,
        code=f"PAST{index:04d}",
        sent_by=hr,
        sent_at=when - datetime.timedelta(days=2),
        expires_at=when,
        records=[],
        started_at=when - datetime.timedelta(days=1, minutes=rng.randint(5, 10)),
        submitted_at=when - datetime.timedelta(days=1),
        fields_total=total,
        fields_correct=min(total, round(total * accuracy)),
        records_complete=rng.randint(5, 8),
    )


def _leaving(employee, latent, rng, today, reasons) -> Leaving | None:
    start = employee.start_date
    if rng.random() < EARLY_LEAVING[latent["values"]]:
        last_day = start + datetime.timedelta(days=rng.randint(35, 170))
        reason = rng.choice([reasons["fit"], reasons["fit"], reasons["manager"], reasons["pay"]])
        voluntary = rng.random() < 0.8
    elif rng.random() < 0.15:
        last_day = start + datetime.timedelta(days=rng.randint(250, 700))
        reason = rng.choice([reasons["pay"], reasons["career"], reasons["relocation"]])
        voluntary = True
    else:
        return None
    if last_day >= today:
        return None
    return Leaving.objects.create(
        employee=employee,
        last_day=last_day,
        is_voluntary=voluntary,
        reason=reason if voluntary else reasons["performance"],
        is_regrettable=latent["skills"] >= 3,
        is_rehire_eligible=voluntary,
        exit_questionnaire=False,
    )


@demo_step(name="past hires", order=70)
def seed_past_hires() -> str:
    if Requisition.objects.filter(title=PAST_TITLE).exists():
        return "already there"
    rng = random.Random(2020)  # noqa: S311 - demo data, reproducible on purpose
    today = timezone.localdate()
    hr = User.objects.get(email="hr@example.com")
    manager = Employee.objects.select_related("user").get(user__email="manager2@example.com")
    interviewer = User.objects.get(email="interviewer@example.com")
    reasons = {
        key: LeavingReason.objects.get(name=name)
        for key, name in {
            "fit": "Did not fit the team or the work",
            "manager": "Manager relationship",
            "pay": "Better pay or benefits elsewhere",
            "career": "Career move or promotion elsewhere",
            "relocation": "Relocation",
            "performance": "Performance",
        }.items()
    }
    operations = Department.objects.get(name="Operations")
    family = RoleFamily.objects.get(slug="data-entry-clerk")
    with transaction.atomic():
        requisition = Requisition.objects.create(
            title=PAST_TITLE,
            department=operations,
            role_family=family,
            hiring_manager=manager.user,
            headcount=HIRES,
            location="Rotterdam",
            status=Requisition.Status.FILLED,
            opened_at=timezone.now() - datetime.timedelta(days=950),
            closed_at=timezone.now() - datetime.timedelta(days=200),
        )
        from recruiting.models.scorecards import ScorecardTemplate

        template = ScorecardTemplate.for_requisition(requisition)
        criteria = list(template.criteria.all())
    leavers = 0
    for index in range(HIRES):
        with transaction.atomic():
            start = today - datetime.timedelta(days=rng.randint(200, 930))
            first, last = rng.choice(FIRST), rng.choice(LAST)
            when = timezone.make_aware(
                datetime.datetime.combine(start - datetime.timedelta(days=30), datetime.time(10))
            )
            candidate = Candidate.objects.create(
                name=f"{first} {last}",
                email=f"past.hire{index}@example.com",
                source="Careers page",
                consent_at=when - datetime.timedelta(days=20),
            )
            application = Application.objects.create(
                requisition=requisition,
                candidate=candidate,
                stage=Application.Stage.HIRED,
                applied_at=when - datetime.timedelta(days=20),
                stage_changed_at=when + datetime.timedelta(days=14),
                source="Careers page",
            )
            interview = Interview.objects.create(
                application=application, starts_at=when, created_by=manager.user
            )
            interview.interviewers.set([interviewer, manager.user])
            latent = {"values": rng.randint(1, 4), "skills": rng.randint(1, 4)}
            _scorecards(
                application, interview, [interviewer, manager.user], criteria, latent, rng, when
            )
            _test(application, hr, latent, rng, when, index)
            user = user_create(
                email=f"past.hire{index}@example.com", first_name=first, last_name=last
            )
            employee = employee_create(
                user=user,
                job_title="Data-Entry Clerk",
                start_date=start,
                department=operations,
                role_family=family,
                manager=manager,
                status=Employee.Status.ACTIVE,
            )
            hire_signals_record(employee=employee, application=application)
            if _leaving(employee, latent, rng, today, reasons):
                leavers += 1
    leavers_access_end_due(today=today)  # the past leavers have left: status and accounts
    return f"{HIRES} earlier hires with scorecards and tests, {leavers} of whom left"
