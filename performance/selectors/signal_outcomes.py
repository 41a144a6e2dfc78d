"""Which of our interview signals predicted success? Signals at the hire against outcomes.

Signals are people's HireSignal rows (written by recruiting at the hire). Outcomes come from
people (leavings) and from performance's own reviews:

- passed probation: still employed on day PROBATION_DAYS, and no probation review with a final
  rating below PROBATION_PASS_RATING; known once that day has come (or they left before it);
- first review's final rating: the earliest shared review with a final rating;
- still employed at 6 and at 12 months: known once that day has come (or they left before it).

Each signal is set against each outcome with Spearman's rho, its n and an approximate 95% interval,
and the outcome per score band. Nothing is said below settings.HIRING_SIGNALS_MIN_N pairs. The
whole report costs three queries whatever the number of hires.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef
from django.utils import timezone

from backoffice.core.report_cache import report_cached
from backoffice.people.models import Employee, HireSignal, Leaving, User
from backoffice.people.roles import Role
from performance.models import Review
from performance.selectors.reviews import PROBATION_DAYS
from performance.statistics import Band, Correlation, bands, spearman

PROBATION_PASS_RATING = 3
SIX_MONTHS = 182
TWELVE_MONTHS = 365


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    phrase: str  # "… were more likely to <phrase>"
    is_share: bool  # a yes/no outcome (shown as a share) or a rating (shown as a mean)


OUTCOMES = (
    Outcome("probation", "Passed probation", "pass probation", True),
    Outcome("first_rating", "First review's final rating", "get a higher first review", False),
    Outcome("employed_6m", "Still employed at 6 months", "still be with us after 6 months", True),
    Outcome(
        "employed_12m", "Still employed at 12 months", "still be with us after 12 months", True
    ),
)


def can_see_report(user: User) -> bool:
    """HR and hiring managers: the figures are company-wide aggregates over n ≥ the minimum."""
    return user.is_authenticated and user.is_active and user.has_role(Role.HR, Role.HIRING_MANAGER)


def can_see_interviewers(user: User) -> bool:
    """How well each interviewer's ratings predicted outcomes is HR's alone."""
    return user.is_authenticated and user.is_active and user.is_hr


def min_n() -> int:
    return settings.HIRING_SIGNALS_MIN_N


@dataclass
class Relation:
    signal: str
    kind: str
    outcome: Outcome
    n: int
    correlation: Correlation | None = None
    bands: list[Band] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.n >= min_n() and self.correlation is not None

    @property
    def is_finding(self) -> bool:
        return self.enough and self.correlation.is_clear

    @property
    def sentence(self) -> str:
        """Plain words; claims a direction only when the interval leaves out zero."""
        if self.n < min_n():
            return (
                f"Not enough hires yet to say anything ({self.n} with both figures; "
                f"at least {min_n()} needed)."
            )
        if self.correlation is None:
            return "Everyone scored the same or had the same outcome: nothing to compare."
        c = self.correlation
        if not c.is_clear:
            return (
                f"No clear relation between {self.signal.lower()} and "
                f"{self.outcome.label.lower()}: it could be chance."
            )
        more = "more" if c.rho > 0 else "less"
        if self.outcome.is_share:
            return (
                f"Candidates who scored higher on {self.signal.lower()} were {more} likely to "
                f"{self.outcome.phrase} (a {c.strength} relation)."
            )
        direction = "higher" if c.rho > 0 else "lower"
        return (
            f"Candidates who scored higher on {self.signal.lower()} went on to get {direction} "
            f"final ratings in their first review (a {c.strength} relation)."
        )


@dataclass
class InterviewerRow:
    interviewer: str
    relations: list[Relation]


@dataclass
class HiringSignalsReport:
    hires: int
    min_n: int
    outcomes: tuple[Outcome, ...]
    outcome_counts: dict[str, int]
    relations: list[Relation]
    interviewers: list[InterviewerRow] | None  # None: not shown to this user
    computed_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def findings(self) -> list[Relation]:
        found = [relation for relation in self.relations if relation.is_finding]
        return sorted(found, key=lambda relation: -abs(relation.correlation.rho))

    def strongest_by_outcome(self) -> list[tuple[Outcome, Relation | None]]:
        """Per outcome, the signal with the strongest clear relation (None: nothing clear)."""
        findings = self.findings
        return [
            (outcome, next((r for r in findings if r.outcome.key == outcome.key), None))
            for outcome in self.outcomes
        ]

    def by_signal(self) -> list[tuple[str, str, list[Relation]]]:
        grouped: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for relation in self.relations:
            grouped[(relation.kind, relation.signal)].append(relation)
        return [(kind, signal, rows) for (kind, signal), rows in grouped.items()]


def _outcomes(today: datetime.date) -> dict[str, dict[int, float]]:
    """Each hire's known outcomes: two queries (employees with leavings, shared reviews)."""
    hired = Exists(HireSignal.objects.filter(employee_id=OuterRef("pk")))
    people = Employee.objects.filter(hired).values_list("pk", "start_date", "leaving__last_day")
    reviews = (
        Review.objects.filter(
            Exists(HireSignal.objects.filter(employee_id=OuterRef("employee_id"))),
            final_rating__isnull=False,
        )
        .filter(status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED])
        .annotate(period_end=F("cycle__period_end"))
        .order_by("employee_id", "period_end", "pk")
        .values_list("employee_id", "kind", "final_rating")
    )
    first_rating: dict[int, float] = {}
    probation_failed: set[int] = set()
    for employee_id, kind, rating in reviews:
        first_rating.setdefault(employee_id, rating)
        if kind == Review.Kind.PROBATION and rating < PROBATION_PASS_RATING:
            probation_failed.add(employee_id)
    result: dict[str, dict[int, float]] = {outcome.key: {} for outcome in OUTCOMES}
    for employee_id, start, last_day in people:

        def employed_at(days: int, start=start, last_day=last_day) -> float | None:
            day = start + datetime.timedelta(days=days)
            if last_day is not None and last_day < day:
                return 0.0
            return 1.0 if day <= today else None

        probation = employed_at(PROBATION_DAYS)
        if probation == 1.0 and employee_id in probation_failed:
            probation = 0.0
        for key, value in (
            ("probation", probation),
            ("employed_6m", employed_at(SIX_MONTHS)),
            ("employed_12m", employed_at(TWELVE_MONTHS)),
            ("first_rating", first_rating.get(employee_id)),
        ):
            if value is not None:
                result[key][employee_id] = value
    return result


def _relation(
    signal: str, kind: str, outcome: Outcome, values: dict[int, float], results
) -> Relation:
    pairs = [(values[pk], results[pk]) for pk in values if pk in results]
    relation = Relation(signal=signal, kind=kind, outcome=outcome, n=len(pairs))
    if relation.n >= min_n():
        relation.correlation = spearman([x for x, _y in pairs], [y for _x, y in pairs])
        relation.bands = bands(pairs, share=outcome.is_share)
    return relation


def _interviewer_rows(outcomes: dict[str, dict[int, float]]) -> list[InterviewerRow]:
    """Each interviewer's mean criterion rating per hire against the outcomes (one query)."""
    means = (
        HireSignal.objects.filter(kind=HireSignal.Kind.CRITERION, interviewer__isnull=False)
        .values("interviewer_id", "employee_id")
        .annotate(
            mean=Avg("value"),
            first=Min("interviewer__first_name"),
            last=Min("interviewer__last_name"),
            email=Min("interviewer__email"),
        )
        .values_list("interviewer_id", "employee_id", "mean", "first", "last", "email")
    )
    per_interviewer: dict[int, dict[int, float]] = defaultdict(dict)
    names: dict[int, str] = {}
    for interviewer_id, employee_id, mean, first, last, email in means:
        per_interviewer[interviewer_id][employee_id] = mean
        names[interviewer_id] = f"{first} {last}".strip() or email
    rows = []
    for interviewer_id, values in sorted(per_interviewer.items(), key=lambda i: names[i[0]]):
        relations = [
            _relation("their ratings", "interviewer", outcome, values, outcomes[outcome.key])
            for outcome in OUTCOMES
        ]
        # Only above the minimum n: a figure over a handful of hires says nothing.
        shown = [relation for relation in relations if relation.enough]
        if shown:
            rows.append(InterviewerRow(names[interviewer_id], shown))
    return rows


def _fingerprint() -> tuple:
    """What changes when the report would: signals, leavings, reviews and their ratings."""
    return (
        tuple(HireSignal.objects.aggregate(n=Count("pk"), newest=Max("pk")).values()),
        tuple(
            Review.objects.aggregate(
                n=Count("pk"),
                newest=Max("pk"),
                shared=Max("shared_at"),
                adjusted=Max("adjustments__pk"),
            ).values()
        ),
        tuple(Leaving.objects.aggregate(n=Count("pk"), newest=Max("pk")).values()),
    )


def hiring_signals_report(user: User, *, today: datetime.date | None = None) -> HiringSignalsReport:
    """The report for `user` (HR gets the per-interviewer figures), cached while unchanged."""
    today = today or timezone.localdate()
    audience = "hr" if can_see_interviewers(user) else "others"
    return report_cached(
        "hiring_signals",
        (audience, today, min_n(), _fingerprint()),
        lambda: _hiring_signals_report(user, today=today),
    )


def _hiring_signals_report(user: User, *, today: datetime.date) -> HiringSignalsReport:
    rows = HireSignal.objects.filter(interviewer__isnull=True).values_list(
        "employee_id", "kind", "name", "value"
    )
    signals: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for employee_id, kind, name, value in rows:
        signals[(kind, name)][employee_id] = value
    hires = {pk for values in signals.values() for pk in values}
    outcomes = _outcomes(today)
    order = {kind: index for index, kind in enumerate(HireSignal.Kind.values)}
    relations = [
        _relation(name, kind, outcome, values, outcomes[outcome.key])
        for (kind, name), values in sorted(
            signals.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
        for outcome in OUTCOMES
    ]
    interviewers = _interviewer_rows(outcomes) if can_see_interviewers(user) else None
    return HiringSignalsReport(
        hires=len(hires),
        min_n=min_n(),
        outcomes=OUTCOMES,
        outcome_counts={key: len(values) for key, values in outcomes.items()},
        relations=relations,
        interviewers=interviewers,
    )
