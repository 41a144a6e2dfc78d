"""Demo data: metrics for the demo roles with six months of numbers, goals, feedback, one closed
review cycle and one open. Idempotent: a second run finds everything there and adds nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backoffice.core.demo import demo_step
from backoffice.people.models import Department, Employee, RoleFamily, User
from performance.models import Feedback, Goal, Metric, OneOnOneNote, Review, ReviewCycle
from performance.services import cycles, feedback, goals, reviews
from performance.services.metrics import measurement_record

# role family slug → (name, unit, direction, target, base value, monthly step)
DEMO_METRICS = {
    "data-entry-clerk": [
        ("Keystrokes per hour", "KPH", "higher", "9000", 8200, 180),
        ("Error rate", "%", "lower", "1.5", 2.4, -0.15),
    ],
    "accounts-payable-receivable-clerk": [
        ("Invoices processed per day", "invoices", "higher", "60", 48, 2.5),
        ("Processing time", "days", "lower", "3", 4.2, -0.2),
    ],
    "receptionist": [("Call answer rate", "%", "higher", "95", 91, 0.8)],
    "bookkeeper": [("Reconciliations on time", "%", "higher", "98", 94, 0.7)],
    "payroll-clerk": [("Payroll accuracy", "%", "higher", "99.5", 99.1, 0.05)],
    "customer-service-representative": [
        ("First-contact resolution", "%", "higher", "75", 68, 1.5),
        ("Customer satisfaction", "score of 5", "higher", "4.5", 4.1, 0.06),
    ],
    "office-manager": [("Request turnaround", "hours", "lower", "24", 30, -1.2)],
}
# (kind, the manager's wording, the employee's own wording, what each rating means)
QUESTIONS = [
    (
        "rating",
        "Quality and accuracy of work",
        "How accurate and careful is your work?",
        ["Frequent errors", "Some errors", "Accurate", "Very accurate", "Flawless, checks others"],
    ),
    (
        "rating",
        "Communication and teamwork",
        "How well do you keep your team informed and help them?",
        ["Rarely shares", "Sometimes unclear", "Clear", "Helps others", "Lifts the whole team"],
    ),
    (
        "text",
        "What went well for them, and what should they focus on next?",
        "What went well, and what will you focus on next?",
        [],
    ),
]


def _month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    first = today.replace(day=1)
    starts = []
    for back in range(months, 0, -1):
        year, month = first.year, first.month - back
        while month <= 0:
            year, month = year - 1, month + 12
        starts.append(datetime.date(year, month, 1))
    return starts


def _metrics(today: datetime.date) -> int:
    created = 0
    for slug, rows in DEMO_METRICS.items():
        family = RoleFamily.objects.filter(slug=slug).first()
        if family is None:
            continue
        for name, unit, direction, target, base, step in rows:
            metric, _ = Metric.objects.get_or_create(
                role_family=family,
                name=name,
                defaults={"unit": unit, "direction": direction, "target": Decimal(target)},
            )
            # The earlier hires of the hiring signals demo (with hire signals) are left out:
            # the metrics demo is the demo staff's, and a re-run must add nothing.
            for employee in Employee.objects.filter(
                role_family=family,
                status=Employee.Status.ACTIVE,
                manager__isnull=False,
                hire_signals__isnull=True,
            ).select_related("manager__user"):
                for index, month in enumerate(_month_starts(today, 6)):
                    wobble = (-1) ** index * abs(step) * 0.4
                    value = Decimal(str(round(base + step * index + wobble, 2)))
                    if not metric.measurements.filter(
                        employee=employee, period_start=month
                    ).exists():
                        measurement_record(
                            metric=metric,
                            employee=employee,
                            period_start=month,
                            value=value,
                            by=employee.manager.user,
                        )
                        created += 1
    return created


def _cycle(name, *, start, end, departments, peer=False) -> tuple[ReviewCycle, bool]:
    due = end + datetime.timedelta(days=10)
    cycle, created = ReviewCycle.objects.get_or_create(
        name=name,
        defaults={
            "period_start": start,
            "period_end": end,
            "self_review_due": due,
            "peer_feedback_enabled": peer,
            "peer_feedback_due": due + datetime.timedelta(days=5) if peer else None,
            "manager_review_due": due + datetime.timedelta(days=10),
            "calibration_due": due + datetime.timedelta(days=15),
            "sharing_due": due + datetime.timedelta(days=20),
            "acknowledgement_due": due + datetime.timedelta(days=27),
        },
    )
    if created:
        cycle.departments.set(Department.objects.filter(name__in=departments))
        for position, (kind, prompt, self_prompt, levels) in enumerate(QUESTIONS):
            cycle.questions.create(
                position=position,
                kind=kind,
                prompt=prompt,
                self_prompt=self_prompt,
                **{f"level_{n}": text for n, text in enumerate(levels, start=1)},
            )
    return cycle, created


def _hr():
    """HR's demo account, who runs the demo cycles (their history says so)."""
    return User.objects.filter(email="hr@example.com").first()


def _write(review: Review, author: str, rating: int, text: str) -> None:
    user = review.employee.user if author == "self" else review.manager.user
    answers = {
        question.pk: {"rating": rating, "text": text} for question in review.cycle.questions.all()
    }
    reviews.review_draft_save(
        review=review,
        author=author,
        by=user,
        answers=answers,
        overall_rating=rating if author == "manager" else None,
        potential="medium" if author == "manager" else "",
    )
    reviews.review_submit(review=review, author=author, by=user)


def _closed_cycle(today: datetime.date) -> None:
    end = today - datetime.timedelta(days=150)
    cycle, created = _cycle(
        "Mid-year review",
        start=end - datetime.timedelta(days=181),
        end=end,
        departments=["Finance", "Operations", "Customer Service", "Administration"],
    )
    if not created:
        return
    cycles.review_cycle_launch(cycle=cycle, today=end, by=_hr())
    for number, review in enumerate(Review.objects.with_relations().filter(cycle=cycle)):
        _write(review, "self", 4, "Steady work through the half year; keen to grow.")
        _write(review, "manager", 3 + number % 2, "Reliable and accurate; keep building speed.")
    cycles.review_cycle_close(cycle=cycle, by=_hr())
    for review in Review.objects.with_relations().filter(cycle=cycle)[:2]:
        reviews.review_acknowledge(review=review, by=review.employee.user, comment="Thank you.")


def _open_cycle(today: datetime.date) -> None:
    cycle, created = _cycle(
        "Year-end review",
        start=today - datetime.timedelta(days=150),
        end=today,
        departments=["Finance", "Operations", "Customer Service", "Administration"],
        peer=True,
    )
    if created:
        cycles.review_cycle_launch(cycle=cycle, by=_hr())


def _goals_and_feedback(today: datetime.date) -> None:
    ella = (
        Employee.objects.select_related("user", "manager__user")
        .filter(user__email="employee@example.com")
        .first()
    )
    if ella is None or Goal.objects.filter(employee=ella).exists():
        return
    kph = Metric.objects.filter(role_family=ella.role_family, name="Keystrokes per hour").first()
    goal = goals.goal_propose(
        employee=ella,
        by=ella.manager.user,
        title="Reach 9,000 KPH on numeric entry",
        due_date=today + datetime.timedelta(days=60),
        weight=40,
        progress_kind="metric" if kph else "percent",
        metric=kph,
    )
    goals.goal_update(goal=goal, by=ella.user, progress=60, comment="Practising 10-key daily.")
    goals.goal_comment(goal=goal, by=ella.manager.user, comment="Good pace, keep accuracy up.")
    goals.goal_propose(
        employee=ella,
        by=ella.user,
        title="Learn the new invoice scanning software",
        due_date=today + datetime.timedelta(days=45),
        weight=20,
    )
    colleague = Employee.objects.filter(user__email="employee3@example.com").first()
    if colleague is not None and not Feedback.objects.filter(recipient=ella).exists():
        feedback.feedback_give(
            giver=colleague.user,
            recipient=ella,
            kind="praise",
            visibility="recipient",
            text="Thanks for catching the duplicate supplier records before month-end!",
        )
    if not OneOnOneNote.objects.filter(report=ella).exists():
        feedback.one_on_one_note_add(
            manager=ella.manager,
            report=ella,
            by=ella.manager.user,
            met_on=today - datetime.timedelta(days=7),
            text="Talked about speed vs accuracy; agreed to try the 10-key drills.",
        )


@demo_step(name="performance", order=60)
@transaction.atomic
def seed_performance() -> str:
    today = timezone.localdate()
    measurements = _metrics(today)
    _closed_cycle(today)
    _open_cycle(today)
    _goals_and_feedback(today)
    for employee in Employee.objects.filter(status=Employee.Status.PRE_START):
        feedback.probation_check_ins_create(employee=employee)
    return (
        f"{Metric.objects.count()} metrics, {measurements} new measurements, "
        f"{ReviewCycle.objects.count()} review cycles"
    )


PAST_HIRES_CYCLE = "Probation reviews (earlier hires)"
SKILLS_SECTION = "Skills section"


@demo_step(name="past hires' probation reviews", order=75)
@transaction.atomic
def seed_past_hire_reviews() -> str:
    """The earlier hires' probation reviews (recruiting's "past hires" step made the hires).

    Each hire who stayed past day 90 has a shared probation review whose final rating follows
    their skills section score at the interview, with noise; so the hiring signals report finds
    the skills scores going with the first review, as well as the planted culture-fit leaver
    pattern.
    """
    import random

    from backoffice.people.models import HireSignal

    today = timezone.localdate()
    skills = dict(
        HireSignal.objects.filter(
            kind=HireSignal.Kind.SECTION, name=SKILLS_SECTION, interviewer__isnull=True
        ).values_list("employee_id", "value")
    )
    if not skills or ReviewCycle.objects.filter(name=PAST_HIRES_CYCLE).exists():
        return "already there" if skills else "no earlier hires"
    earliest = min(
        Employee.objects.filter(pk__in=skills).values_list("start_date", flat=True), default=today
    )
    cycle, _ = _cycle(
        PAST_HIRES_CYCLE,
        start=earliest,
        end=today - datetime.timedelta(days=30),
        departments=["Operations"],
    )
    ReviewCycle.objects.filter(pk=cycle.pk).update(status=ReviewCycle.Status.CLOSED)
    rng = random.Random(75)  # noqa: S311 - demo data
    written = 0
    hires = Employee.objects.filter(pk__in=skills).select_related("manager", "leaving")
    for employee in hires.order_by("pk"):
        day_90 = employee.start_date + datetime.timedelta(days=90)
        leaving = getattr(employee, "leaving", None)
        if day_90 > today - datetime.timedelta(days=30) or employee.manager is None:
            continue
        if leaving is not None and leaving.last_day < day_90:
            continue
        rating = max(1, min(5, round(skills[employee.pk] + 0.5 + rng.choice([-1, 0, 0, 1]))))
        Review.objects.create(
            cycle=cycle,
            employee=employee,
            manager=employee.manager,
            kind=Review.Kind.PROBATION,
            status=Review.Status.SHARED,
            overall_rating=rating,
            final_rating=rating,
            manager_submitted_at=timezone.now(),
            shared_at=timezone.now(),
        )
        written += 1
    return f"{written} probation reviews of earlier hires"
