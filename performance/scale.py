"""Scale data for performance: review cycles with `reviews` reviews, and measurements."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.utils import timezone

from backoffice.core.scale import (
    ScaleSizes,
    copy_objects,
    indexes_deferred,
    reserve_ids,
    scale_step,
)
from backoffice.people.models import Employee, RoleFamily
from performance.models import (
    Measurement,
    Metric,
    Review,
    ReviewAnswer,
    ReviewCycle,
    ReviewQuestion,
)

QUESTIONS = [
    (ReviewQuestion.Kind.RATING, "Accuracy of the work"),
    (ReviewQuestion.Kind.RATING, "Keeping to deadlines"),
    (ReviewQuestion.Kind.TEXT, "What went well, and what to work on next"),
]
SCALE_METRIC = ("Records processed per hour", "records/hour", "120.00")


def _cycle(index: int, today: datetime.date, *, is_open: bool, seed: int) -> ReviewCycle:
    end = today - datetime.timedelta(days=182 * index + (0 if is_open else 30))
    start = end - datetime.timedelta(days=181)
    due = end + datetime.timedelta(days=10)
    cycle = ReviewCycle.objects.create(
        name=f"Scale review {start:%Y-%m} to {end:%Y-%m} #{index + 1} (data set {seed})",
        period_start=start,
        period_end=end,
        status=ReviewCycle.Status.MANAGER_REVIEW if is_open else ReviewCycle.Status.CLOSED,
        self_review_due=due,
        manager_review_due=due + datetime.timedelta(days=10),
        calibration_due=due + datetime.timedelta(days=15),
        sharing_due=due + datetime.timedelta(days=20),
        acknowledgement_due=due + datetime.timedelta(days=27),
        launched_at=timezone.now() - datetime.timedelta(days=182 * index),
        closed_at=None if is_open else timezone.now() - datetime.timedelta(days=182 * index),
    )
    ReviewQuestion.objects.bulk_create(
        ReviewQuestion(cycle=cycle, position=position, kind=kind, prompt=prompt)
        for position, (kind, prompt) in enumerate(QUESTIONS)
    )
    return cycle


@scale_step(name="performance", order=60)
def seed_performance(sizes: ScaleSizes, progress) -> str:
    """Half-yearly cycles, newest still open, until `reviews` reviews exist; the closed ones
    have both sides' answers and a final rating. Then `measurements` monthly measurements."""
    with indexes_deferred(Review, ReviewAnswer, Measurement, progress=progress):
        return _seed_performance(sizes, progress)


def _seed_performance(sizes: ScaleSizes, progress) -> str:
    rng = sizes.random("performance")
    employee_ids = sizes.shared.get("employee_ids", [])
    reviewed = list(
        Employee.objects.filter(pk__in=employee_ids, manager__isnull=False)
        .exclude(status=Employee.Status.LEFT)
        .values_list("pk", "manager_id", "role_family_id", "manager__user_id")
    )
    summary = []
    today = timezone.localdate()
    now = timezone.now()
    if reviewed and sizes.reviews > 0:
        cycles = math.ceil(sizes.reviews / len(reviewed))
        left = sizes.reviews
        reviews_written, answers = 0, []
        for index in range(cycles):
            cycle = _cycle(index, today, is_open=index == 0, seed=sizes.seed)
            questions = list(cycle.questions.values_list("pk", "kind"))
            batch = reviewed[: min(left, len(reviewed))]
            left -= len(batch)
            review_ids = reserve_ids(Review, len(batch))
            closed = index > 0

            def reviews(
                batch=batch, review_ids=review_ids, closed=closed, questions=questions, cycle=cycle
            ):
                for pk, (employee_id, manager_id, _family, _user) in zip(
                    review_ids, batch, strict=True
                ):
                    rating = rng.randint(2, 5)
                    if closed:
                        for question_id, kind in questions:
                            for author in (ReviewAnswer.Author.SELF, ReviewAnswer.Author.MANAGER):
                                answers.append(
                                    {
                                        "review_id": pk,
                                        "question_id": question_id,
                                        "author": author,
                                        "rating": rng.randint(2, 5) if kind == "rating" else None,
                                        "text": "Steady, careful work." if kind == "text" else "",
                                    }
                                )
                    yield {
                        "id": pk,
                        "cycle_id": cycle.pk,
                        "employee_id": employee_id,
                        "manager_id": manager_id,
                        "status": Review.Status.ACKNOWLEDGED if closed else Review.Status.WRITING,
                        "self_submitted_at": now if closed or rng.random() < 0.5 else None,
                        "manager_submitted_at": now if closed else None,
                        "overall_rating": rating if closed else None,
                        "final_rating": rating if closed else None,
                        "potential": rng.choice(["low", "medium", "high"]) if closed else "",
                        "shared_at": now if closed else None,
                        "acknowledged_at": now if closed else None,
                    }

            reviews_written += copy_objects(Review, reviews())
        written_answers = copy_objects(ReviewAnswer, answers)
        progress(f"{reviews_written:,} reviews in {cycles} cycles, {written_answers:,} answers")
        summary.append(f"{reviews_written:,} reviews in {cycles} cycles")
    if reviewed and sizes.measurements > 0:
        metrics_by_family: dict[int, list[Metric]] = {}
        for family in RoleFamily.objects.all():
            metrics = list(Metric.objects.filter(role_family=family, is_active=True))
            if not metrics:
                name, unit, target = SCALE_METRIC
                metrics = [
                    Metric.objects.create(
                        role_family=family, name=name, unit=unit, target=Decimal(target)
                    )
                ]
            metrics_by_family[family.pk] = metrics
        pairs = [
            (employee_id, metric, manager_user_id)
            for employee_id, _manager, family_id, manager_user_id in reviewed
            for metric in metrics_by_family.get(family_id, [])
        ]
        months = max(1, math.ceil(sizes.measurements / max(len(pairs), 1)))
        month_starts = []
        first = today.replace(day=1)
        for _ in range(months):
            month_starts.append(first)
            first = (first - datetime.timedelta(days=1)).replace(day=1)

        def measurements():
            written = 0
            for month in month_starts:
                for employee_id, metric, user_id in pairs:
                    if written >= sizes.measurements:
                        return
                    written += 1
                    target = float(metric.target)
                    yield {
                        "metric_id": metric.pk,
                        "employee_id": employee_id,
                        "period_start": month,
                        "value": Decimal(str(round(target * rng.uniform(0.7, 1.3), 2))),
                        "entered_by_id": user_id,
                    }

        count = copy_objects(Measurement, measurements())
        progress(f"{count:,} measurements")
        summary.append(f"{count:,} measurements over {len(month_starts)} months")
    return ", ".join(summary) or "nothing asked for"
