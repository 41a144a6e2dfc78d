"""Reads for review pages, calibration and the cycle changelist."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from backoffice.people.models import User
from performance.models import (
    PEER_FEEDBACK_MINIMUM,
    Goal,
    PeerFeedback,
    RatingAdjustment,
    Review,
    ReviewAnswer,
    ReviewCycle,
)
from performance.selectors.metrics import metric_summaries
from performance.services.reviews import manager_may_write, review_author_for

Author = ReviewAnswer.Author


def review_get_for_user(user: User, pk: int) -> Review:
    """The review if `user` is party to it (the employee, their manager) or HR; else 404."""
    try:
        return Review.objects.visible_to(user).with_relations().get(pk=pk)
    except Review.DoesNotExist:
        raise Http404("No such review") from None


def reviews_for_user(user: User) -> dict[str, list[Review]]:
    """My own reviews and those I write as a manager, newest cycle first."""
    reviews = (
        Review.objects.with_relations()
        .filter(Q(employee__user=user) | Q(manager__user=user))
        .exclude(cycle__status=ReviewCycle.Status.DRAFT)
        .order_by("-cycle__period_end", "employee__user__first_name")
    )
    mine, to_write = [], []
    for review in reviews[:100]:
        (mine if review.employee.user_id == user.pk else to_write).append(review)
    return {"mine": mine, "to_write": to_write}


@dataclass
class ReviewPage:
    review: Review
    viewer: str  # "self", "manager" or "hr"
    questions: list
    self_answers: dict = field(default_factory=dict)
    manager_answers: dict = field(default_factory=dict)
    show_self: bool = False
    show_manager: bool = False
    peer_answers: list = field(default_factory=list)
    peer_requested: int = 0
    peer_submitted: int = 0
    show_peer: bool = False
    can_write: bool = False
    waiting_for_self: bool = False
    goals: list = field(default_factory=list)
    metrics: list = field(default_factory=list)
    adjustments: list = field(default_factory=list)
    peers: list = field(default_factory=list)


def review_page(review: Review, user: User) -> ReviewPage:
    """Everything a review page shows, in a constant number of queries.

    The employee reads the manager's part only once the review is shared; the manager reads the
    self review once submitted (and before writing when the cycle says so); peer feedback is
    shown without names and only once PEER_FEEDBACK_MINIMUM peers have answered.
    """
    viewer = review_author_for(review, user) or "hr"
    questions = list(review.cycle.questions.all())
    answers = {Author.SELF: {}, Author.MANAGER: {}}
    for answer in ReviewAnswer.objects.filter(review=review):
        answers[answer.author][answer.question_id] = answer
    shared = review.status in {Review.Status.SHARED, Review.Status.ACKNOWLEDGED}
    peer_rows = list(
        PeerFeedback.objects.filter(review=review).select_related("peer__user").order_by("pk")
    )
    submitted = [row for row in peer_rows if row.submitted_at]
    page = ReviewPage(review=review, viewer=viewer, questions=questions)
    page.self_answers, page.manager_answers = answers[Author.SELF], answers[Author.MANAGER]
    page.peer_requested, page.peer_submitted = len(peer_rows), len(submitted)
    # Answers are read only once the peer-feedback step is over (no one can be asked or answer
    # after that, so no answer appears on its own) and only in a group of the minimum size.
    peers_visible = review.cycle.peer_answers_final and len(submitted) >= PEER_FEEDBACK_MINIMUM
    if viewer == Author.SELF:
        page.show_self = True
        page.show_manager = shared
        page.show_peer = shared and peers_visible
        page.can_write = review.status == Review.Status.WRITING and not review.is_self_locked
    elif viewer == Author.MANAGER:
        page.show_self = review.is_self_locked
        page.show_manager = True
        page.show_peer = peers_visible
        page.can_write = (
            review.status == Review.Status.WRITING
            and not review.is_manager_locked
            and manager_may_write(review)
        )
        page.waiting_for_self = not manager_may_write(review)
        page.peers = peer_rows  # the manager sees whom they asked, never who said what
    else:
        page.show_self = review.is_self_locked
        page.show_manager = review.is_manager_locked
        page.show_peer = peers_visible
    if not review.cycle.is_open:
        page.can_write = False
    if page.show_peer:
        # Sorted by their text, not by who or when, so nothing points back to a person.
        page.peer_answers = sorted(
            ({"strengths": row.strengths, "improvements": row.improvements} for row in submitted),
            key=lambda answer: (answer["strengths"], answer["improvements"]),
        )
    page.goals = list(
        Goal.objects.filter(
            employee=review.employee,
            due_date__gte=review.cycle.period_start,
        ).exclude(status=Goal.Status.DECLINED)[:20]
    )
    page.metrics = metric_summaries(
        review.employee, since=review.cycle.period_start, until=review.cycle.period_end
    )
    if viewer != Author.SELF:
        page.adjustments = list(
            RatingAdjustment.objects.filter(review=review).select_related("adjusted_by")
        )
    return page


def cycles_with_progress():
    """Cycles annotated with how many reviews have passed each step (for the changelist).

    Each count is a subquery, evaluated for the rows on the page only; the admin's COUNT
    queries leave them out (a join with GROUP BY would aggregate every review first).
    """
    done = [Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
    return ReviewCycle.objects.annotate(
        reviews_total=_count_per_cycle(Review.objects.all(), "cycle"),
        self_done=_count_per_cycle(Review.objects.filter(self_submitted_at__isnull=False), "cycle"),
        manager_done=_count_per_cycle(
            Review.objects.filter(manager_submitted_at__isnull=False), "cycle"
        ),
        shared_done=_count_per_cycle(Review.objects.filter(status__in=done), "cycle"),
        acknowledged_done=_count_per_cycle(
            Review.objects.filter(status=Review.Status.ACKNOWLEDGED), "cycle"
        ),
        peer_total=_count_per_cycle(PeerFeedback.objects.all(), "review__cycle"),
        peer_done=_count_per_cycle(
            PeerFeedback.objects.filter(submitted_at__isnull=False), "review__cycle"
        ),
    )


def _count_per_cycle(queryset, cycle_path: str):
    counted = (
        queryset.filter(**{cycle_path: OuterRef("pk")})
        .order_by()
        .values(cycle_path)
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def calibration_reviews(cycle: ReviewCycle, user: User):
    """The cycle's reviews `user` calibrates: HR all of them, a manager their own reports."""
    reviews = Review.objects.visible_to(user).with_relations().filter(cycle=cycle)
    if not user.is_hr:
        reviews = reviews.filter(manager__user=user)
    return reviews


PERFORMANCE_BAND = {1: "low", 2: "low", 3: "medium", 4: "high", 5: "high"}
BOX_ORDER = ["high", "medium", "low"]


def calibration_board(reviews) -> dict:
    """Rating distribution per department and per manager, and the 9-box, from one query."""
    rows = list(reviews.filter(final_rating__isnull=False))
    by_department: dict[str, Counter] = defaultdict(Counter)
    by_manager: dict[str, Counter] = defaultdict(Counter)
    boxes: dict[tuple[str, str], list] = defaultdict(list)
    for review in rows:
        department = str(review.employee.department or "No department")
        by_department[department][review.final_rating] += 1
        by_manager[str(review.manager)][review.final_rating] += 1
        if review.potential:
            boxes[(review.potential, PERFORMANCE_BAND[review.final_rating])].append(review)

    def table(counter_by_name):
        return [
            {
                "name": name,
                "counts": [counts.get(rating, 0) for rating in range(1, 6)],
                "total": sum(counts.values()),
            }
            for name, counts in sorted(counter_by_name.items())
        ]

    nine_box = [
        {
            "potential": potential,
            "cells": [
                {"performance": band, "reviews": boxes.get((potential, band), [])}
                for band in reversed(BOX_ORDER)
            ],
        }
        for potential in BOX_ORDER
    ]
    return {
        "rows": rows,
        "by_department": table(by_department),
        "by_manager": table(by_manager),
        "nine_box": nine_box,
    }
