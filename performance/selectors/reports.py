"""HR's reports: completion per cycle and manager, rating distribution, reviews overdue."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from backoffice.people.models import Employee
from performance.models import Review
from performance.selectors.reviews import cycles_with_progress

DONE = [Review.Status.SHARED, Review.Status.ACKNOWLEDGED]


def completion_per_cycle():
    return cycles_with_progress().exclude(status="draft").order_by("-period_end")[:20]


def completion_per_manager(cycle):
    return (
        Review.objects.filter(cycle=cycle)
        .values("manager__user__first_name", "manager__user__last_name")
        .annotate(
            total=Count("pk"),
            self_done=Count("pk", filter=Q(self_submitted_at__isnull=False)),
            manager_done=Count("pk", filter=Q(manager_submitted_at__isnull=False)),
            shared=Count("pk", filter=Q(status__in=DONE)),
        )
        .order_by("manager__user__first_name", "manager__user__last_name")
    )


def rating_distribution(cycle) -> list[dict]:
    counts = dict(
        Review.objects.filter(cycle=cycle, final_rating__isnull=False)
        .values_list("final_rating")
        .annotate(total=Count("pk"))
    )
    return [{"rating": rating, "total": counts.get(rating, 0)} for rating in range(1, 6)]


def employees_without_recent_review(*, today: datetime.date | None = None):
    """Active employees with no review shared to them in the last 12 months."""
    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=365), datetime.time())
    )
    recent = Review.objects.filter(employee=OuterRef("pk"), status__in=DONE, shared_at__gte=since)
    return (
        Employee.objects.with_relations()
        .filter(status=Employee.Status.ACTIVE)
        .exclude(Exists(recent))
        .order_by("start_date")
    )
