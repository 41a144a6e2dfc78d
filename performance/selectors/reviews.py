"""Reads for review pages, calibration and the cycle changelist."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, JSONField, OuterRef, Q, Subquery, When
from django.db.models.functions import JSONObject
from django.http import Http404
from django.utils import timezone

from backoffice.core.report_cache import report_cached
from backoffice.people.models import Employee, User
from backoffice.people.roles import Role
from performance.models import (
    PEER_FEEDBACK_MINIMUM,
    Goal,
    PeerFeedback,
    ProbationCheckIn,
    RatingAdjustment,
    Review,
    ReviewAnswer,
    ReviewCycle,
    RoleSkill,
    SkillAssessment,
)
from performance.selectors.metrics import metric_summaries
from performance.services.reviews import manager_may_write, review_author_for, review_skills

Author = ReviewAnswer.Author


def review_get_for_user(user: User, pk: int) -> Review:
    """The review if `user` is party to it (the employee, their manager) or HR; else 404."""
    try:
        return Review.objects.visible_to(user).with_relations().get(pk=pk)
    except Review.DoesNotExist:
        raise Http404("No such review") from None


def _manager_to_write(review: Review) -> bool:
    return (
        review.cycle.is_open
        and review.status == Review.Status.WRITING
        and review.manager_submitted_at is None
    )


def _own_to_do(review: Review) -> bool:
    """The employee's part still to do: the self review while open, or acknowledging."""
    if review.status == Review.Status.SHARED:
        return True
    return (
        review.cycle.is_open
        and review.status == Review.Status.WRITING
        and (review.self_submitted_at is None)
    )


def reviews_for_user(user: User) -> dict[str, list]:
    """My own reviews; those I write as a manager, split into still to write and the rest;
    and the peer feedback asked of me that I have not given yet. Newest cycle first."""
    reviews = (
        Review.objects.with_relations()
        .filter(Q(employee__user=user) | Q(manager__user=user))
        .exclude(cycle__status=ReviewCycle.Status.DRAFT)
        .order_by("-cycle__period_end", "employee__user__first_name")
    )
    mine, to_write, written = [], [], []
    for review in reviews[:100]:
        if review.employee.user_id == user.pk:
            mine.append(review)
        else:
            (to_write if _manager_to_write(review) else written).append(review)
    return {
        "mine": mine,
        "own_to_do": [review for review in mine if _own_to_do(review)],
        "to_write": to_write,
        "written": written,
        "peer_requests": list(peer_requests_open_for(user)[:20]),
    }


def peer_requests_open_for(user: User):
    """Peer feedback asked of `user` that they can still give (the peer step is open)."""
    return (
        PeerFeedback.objects.for_peer(user)
        .filter(
            submitted_at__isnull=True,
            review__status=Review.Status.WRITING,
            review__cycle__peer_feedback_enabled=True,
            review__cycle__status__in=[
                ReviewCycle.Status.SELF_REVIEW,
                ReviewCycle.Status.PEER_FEEDBACK,
            ],
        )
        .select_related("review__employee__user", "review__cycle")
        .order_by("review__cycle__peer_feedback_due", "pk")
    )


# Someone who started fewer days ago than the probation period (its last check-in) is new:
# the search for peers leaves them out unless the manager asks for them.
PROBATION_DAYS = max(ProbationCheckIn.DAYS)


def peer_choices(review: Review):
    """Everyone a manager may ask about `review`: active colleagues other than the employee and
    the manager, never an HR-only account (HR and no other role)."""
    groups = User.groups.through.objects.filter(user_id=OuterRef("user_id"))
    return (
        Employee.objects.filter(status=Employee.Status.ACTIVE)
        .exclude(pk__in=[review.employee_id, review.manager_id])
        .annotate(
            in_hr=Exists(groups.filter(group__name=Role.HR)),
            other_role=Exists(groups.exclude(group__name=Role.HR)),
        )
        .exclude(in_hr=True, other_role=False)
        .select_related("user")
    )


def peer_candidates(
    review: Review, *, query: str = "", include_new: bool = False, today=None, limit: int = 20
) -> list[Employee]:
    """The colleagues a search for peers finds: by name or email, those not asked yet, and
    without people still in their probation period unless `include_new`."""
    candidates = peer_choices(review).exclude(peer_requests__review=review)
    for word in query.split()[:4]:
        candidates = candidates.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(job_title__icontains=word)
        )
    if not include_new:
        today = today or timezone.localdate()
        candidates = candidates.filter(
            start_date__lte=today - datetime.timedelta(days=PROBATION_DAYS)
        )
    return list(candidates.order_by("user__first_name", "user__last_name", "pk")[:limit])


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
    due: datetime.date | None = None  # when the viewer's own part is due
    due_what: str = ""
    overdue: bool = False
    # A cycle that includes skills: each skill of the person's role (see _review_skills).
    skills: list = field(default_factory=list)

    @property
    def side_by_side(self) -> bool:
        """The manager writes with the submitted self review beside the form (wide screens)."""
        return self.viewer == Author.MANAGER and self.can_write and self.show_self


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
    _set_due(page, review)
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
    if review.cycle.include_skills:
        page.skills = _review_skills(review, viewer)
    return page


@dataclass
class ReviewSkill:
    skill: object
    expected: int | None
    self_level: int | None  # rated in this review (kept once that side submitted)
    manager_level: int | None
    initial: int | None  # what the viewer's form starts from: their latest rating of it


def _review_skills(review: Review, viewer: str) -> list[ReviewSkill]:
    """The skills the review rates, with what each side rated in it. Four queries."""
    expected = {
        rs.skill_id: rs.expected_level
        for rs in RoleSkill.objects.filter(role_family_id=review.employee.role_family_id)
    }
    rated = {(a.kind, a.skill_id): a.level for a in SkillAssessment.objects.filter(review=review)}
    latest = {}
    for skill_id, kind, level in (
        SkillAssessment.objects.filter(employee=review.employee)
        .order_by("-assessed_at", "-id")
        .values_list("skill_id", "kind", "level")
    ):
        latest.setdefault((kind, skill_id), level)
    return [
        ReviewSkill(
            skill=skill,
            expected=expected.get(skill.pk),
            self_level=rated.get((Author.SELF, skill.pk)),
            manager_level=rated.get((Author.MANAGER, skill.pk)),
            initial=latest.get((viewer, skill.pk)),
        )
        for skill in review_skills(review)
    ]


def _set_due(page: ReviewPage, review: Review) -> None:
    cycle = review.cycle
    if not cycle.is_open:
        return
    if page.viewer == Author.SELF and review.status == Review.Status.WRITING:
        if not review.is_self_locked:
            page.due, page.due_what = cycle.self_review_due, "Your self review is due"
    elif page.viewer == Author.SELF and review.status == Review.Status.SHARED:
        page.due, page.due_what = cycle.acknowledgement_due, "Please acknowledge it by"
    elif page.viewer == Author.MANAGER and page.can_write:
        page.due, page.due_what = cycle.manager_review_due, "Your review is due"
    page.overdue = bool(page.due and page.due < timezone.localdate())


def cycles_with_progress(*, open_only: bool = False):
    """Cycles annotated with how many reviews have passed each step (for the changelist).

    One subquery per cycle reads its reviews once and returns every count as a JSON object
    (`review_counts`; `peer_counts` for peer feedback); ReviewCycle reads them as
    reviews_total, self_done, … . It is evaluated for the rows on the page only, and the
    admin's COUNT leaves it out (a join with GROUP BY would aggregate every review first; a
    subquery per count read each cycle's 40,000 reviews five times at a million candidates).

    `open_only`: closed cycles are not counted (their counts are NULL: the changelist takes
    them from closed_cycle_counts_fill), and peer feedback only in its step, the only one
    that shows it (PostgreSQL runs a subquery in a CASE branch only when the branch is taken).
    """
    done = [Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
    reviews = _counts_per_cycle(
        Review.objects.all(),
        "cycle",
        reviews_total=Count("pk"),
        self_done=Count("pk", filter=Q(self_submitted_at__isnull=False)),
        manager_done=Count("pk", filter=Q(manager_submitted_at__isnull=False)),
        shared_done=Count("pk", filter=Q(status__in=done)),
        acknowledged_done=Count("pk", filter=Q(status=Review.Status.ACKNOWLEDGED)),
    )
    peers = _counts_per_cycle(
        PeerFeedback.objects.all(),
        "review__cycle",
        peer_total=Count("pk"),
        peer_done=Count("pk", filter=Q(submitted_at__isnull=False)),
    )
    if open_only:
        closed = Q(status=ReviewCycle.Status.CLOSED)
        reviews = Case(When(~closed, then=reviews), default=None, output_field=JSONField())
        in_step = Q(status=ReviewCycle.Status.PEER_FEEDBACK)
        peers = Case(When(in_step, then=peers), default=None, output_field=JSONField())
    return ReviewCycle.objects.annotate(review_counts=reviews, peer_counts=peers)


def closed_cycle_counts_fill(cycles) -> None:
    """Give the closed cycles among `cycles` (from cycles_with_progress(open_only=True)) the
    counts the changelist shows of them: their reviews and how many were shared. Neither
    changes once a cycle is closed (employees may still acknowledge, which is not shown), so
    they are kept in the report cache: at a million candidates counting them was 110 ms of
    the page (four closed cycles of 45,000 reviews). A review deleted from a closed cycle
    shows when the entry expires (REPORT_CACHE_SECONDS). At most one query."""
    closed = [cycle for cycle in cycles if cycle.status == ReviewCycle.Status.CLOSED]
    if not closed:
        return
    ids = [cycle.pk for cycle in closed]
    counts = report_cached(
        "closed_cycle_counts",
        tuple((cycle.pk, cycle.closed_at) for cycle in closed),
        lambda: _closed_cycle_counts(ids),
    )
    for cycle in closed:
        cycle.review_counts = counts.get(cycle.pk, {})


def _closed_cycle_counts(cycle_ids: list[int]) -> dict[int, dict[str, int]]:
    shared = [Review.Status.SHARED, Review.Status.ACKNOWLEDGED]
    return dict(
        Review.objects.filter(cycle_id__in=cycle_ids)
        .order_by()
        .values("cycle_id")
        .annotate(
            counts=JSONObject(
                reviews_total=Count("pk"), shared_done=Count("pk", filter=Q(status__in=shared))
            )
        )
        .values_list("cycle_id", "counts")
    )


def _counts_per_cycle(queryset, cycle_path: str, **counts):
    counted = (
        queryset.filter(**{cycle_path: OuterRef("pk")})
        .order_by()
        .values(cycle_path)
        .annotate(counts=JSONObject(**counts))
        .values("counts")
    )
    return Subquery(counted, output_field=JSONField())


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
