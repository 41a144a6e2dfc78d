"""Which of our interview signals predicted success? Signals at the hire against outcomes.

Signals are people's HireSignal rows (written by recruiting at the hire). Outcomes come from
people (leavings) and from performance's own reviews:

- passed probation: still employed on day PROBATION_DAYS, and no probation review with a final
  rating below PROBATION_PASS_RATING; known once that day has come (or they left before it);
- first review's final rating: the earliest shared review with a final rating;
- still employed at 6 and at 12 months: known once that day has come (or they left before it).

Each signal is set against each outcome with Spearman's rho, its n and an approximate 95% interval,
and the outcome per score band. Nothing is said below settings.HIRING_SIGNALS_MIN_N pairs. The
database does the counting: it returns how many hires had each (score, outcomes) combination,
and the statistics are worked out from those counts (performance.statistics.*_counts), so the
rows read grow with the distinct scores, not with the hires. Three queries (four for HR)
whatever the number of hires.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from backoffice.core.report_cache import report_cached, report_store
from backoffice.core.report_refresh import report_refresher
from backoffice.people.models import Employee, HireSignal, Leaving, User
from backoffice.people.roles import Role
from performance.models import Review
from performance.selectors.reviews import PROBATION_DAYS
from performance.statistics import Band, Cells, Correlation, bands_counts, spearman_counts

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
    def version(self) -> str:
        """Names this computed report among others: whose version, and when it was made."""
        audience = "others" if self.interviewers is None else "hr"
        return f"{audience}:{self.computed_at.isoformat()}"

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


def _outcomes(today: datetime.date):
    """Each hire's known outcomes as columns, worked out by the database (None: not known yet).

    A hire is an employee with hire signals. Employed at N days: 0 if they left before day N,
    1 once day N has come, unknown before. Probation adds: 0 if a shared probation review's final
    rating was below PROBATION_PASS_RATING. First rating: the earliest shared review's.
    """
    shared = Review.objects.filter(
        employee_id=OuterRef("pk"),
        final_rating__isnull=False,
        status__in=[Review.Status.SHARED, Review.Status.ACKNOWLEDGED],
    )
    failed = Exists(
        shared.filter(kind=Review.Kind.PROBATION, final_rating__lt=PROBATION_PASS_RATING)
    )

    def employed(days: int, *, unless=None):
        passed = When(start_date__lte=today - datetime.timedelta(days=days), then=Value(1.0))
        if unless is not None:
            passed = When(
                start_date__lte=today - datetime.timedelta(days=days),
                then=Case(When(unless, then=Value(0.0)), default=Value(1.0)),
            )
        return Case(
            When(served__lt=datetime.timedelta(days=days), then=Value(0.0)),
            passed,
            default=None,
            output_field=FloatField(),
        )

    return (
        Employee.objects.filter(Exists(HireSignal.objects.filter(employee_id=OuterRef("pk"))))
        .order_by()
        .annotate(
            served=ExpressionWrapper(
                F("leaving__last_day") - F("start_date"), output_field=DurationField()
            )
        )
        .annotate(
            probation=employed(PROBATION_DAYS, unless=failed),
            employed_6m=employed(SIX_MONTHS),
            employed_12m=employed(TWELVE_MONTHS),
            first_rating=Subquery(
                shared.order_by("cycle__period_end", "pk").values("final_rating")[:1]
            ),
            own=Exists(
                HireSignal.objects.filter(employee_id=OuterRef("pk"), interviewer__isnull=True)
            ),
        )
    )


OUTCOME_COLUMNS = ", ".join(f"o.{outcome.key}" for outcome in OUTCOMES)


def _counted_rows(today: datetime.date, *, interviewers: bool) -> list[tuple]:
    """One query: the hires' outcomes worked out once (a materialised CTE: PostgreSQL would
    otherwise run the outcomes' subqueries once per signal), then UNION ALL of
    'c': how many hires, and how many with each outcome known;
    's': per signal (kind, name) and score, per combination of outcomes, how many hires;
    'i' (HR only): the same per interviewer and mean criterion rating they gave a hire.
    Columns: part, kind, name, interviewer id, first and last name, email, score, the outcomes
    (in OUTCOMES' order), count. The rows grow with the distinct scores, not with the hires."""
    keys = [outcome.key for outcome in OUTCOMES]
    outcomes_sql, outcomes_params = (
        _outcomes(today).values("pk", "own", *keys).query.sql_with_params()
    )
    signals = connection.ops.quote_name(HireSignal._meta.db_table)
    users = connection.ops.quote_name(User._meta.db_table)
    known = ", ".join(f"o.{key}" for key in keys)
    text, integer, real = (
        "CAST(NULL AS VARCHAR(200))",
        "CAST(NULL AS INTEGER)",
        "CAST(NULL AS REAL)",
    )
    parts = [
        f"SELECT 'c', {text}, {text}, {integer}, {text}, {text}, {text}, {real}, "  # noqa: S608
        + ", ".join(f"COUNT(o.{key})" for key in keys)
        + ", SUM(CASE WHEN o.own THEN 1 ELSE 0 END) FROM o",
        f"SELECT 's', s.kind, s.name, {integer}, {text}, {text}, {text}, s.value, {known}, "  # noqa: S608
        f"COUNT(*) FROM {signals} s JOIN o ON o.pk = s.employee_id "
        f"WHERE s.interviewer_id IS NULL GROUP BY s.kind, s.name, s.value, {known}",
    ]
    params = list(outcomes_params)
    if interviewers:
        parts.append(
            f"SELECT 'i', {text}, {text}, m.interviewer_id, u.first_name, u.last_name, u.email, "  # noqa: S608
            f"m.mean, {known}, COUNT(*) FROM (SELECT interviewer_id, employee_id, "
            f"AVG(value) AS mean FROM {signals} WHERE kind = %s AND interviewer_id IS NOT NULL "
            "GROUP BY interviewer_id, employee_id) m JOIN o ON o.pk = m.employee_id "
            f"JOIN {users} u ON u.id = m.interviewer_id GROUP BY m.interviewer_id, u.first_name, "
            f"u.last_name, u.email, m.mean, {known}"
        )
        params.append(HireSignal.Kind.CRITERION.value)
    # Every piece above is this module's own text (table names quoted by the backend); the
    # values go in as parameters.
    sql = f"WITH o AS MATERIALIZED ({outcomes_sql}) " + " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cells(rows, key_width: int) -> dict[tuple, dict[str, Cells]]:
    """{the first `key_width` columns: {outcome key: {(score, outcome): hires}}}; the score is
    the column after the key, then the outcomes and the count."""
    result: dict[tuple, dict[str, Cells]] = defaultdict(lambda: defaultdict(dict))
    for row in rows:
        key, score = tuple(row[:key_width]), float(row[key_width])
        for outcome, value in zip(OUTCOMES, row[key_width + 1 : -1], strict=True):
            if value is not None:
                cells = result[key][outcome.key]
                pair = (score, float(value))
                cells[pair] = cells.get(pair, 0) + row[-1]
    return result


def _relation(signal: str, kind: str, outcome: Outcome, cells: Cells) -> Relation:
    relation = Relation(signal=signal, kind=kind, outcome=outcome, n=sum(cells.values()))
    if relation.n >= min_n():
        relation.correlation = spearman_counts(cells)
        relation.bands = bands_counts(cells, share=outcome.is_share)
    return relation


def _interviewer_rows(rows: list[tuple]) -> list[InterviewerRow]:
    """Each interviewer's mean criterion rating per hire against the outcomes."""
    names = {row[3]: f"{row[4]} {row[5]}".strip() or row[6] for row in rows}
    cells = _cells([(row[3], *row[7:]) for row in rows], 1)
    result = []
    for (interviewer_id,), by_outcome in sorted(cells.items(), key=lambda i: names[i[0][0]]):
        relations = [
            _relation("their ratings", "interviewer", outcome, by_outcome.get(outcome.key, {}))
            for outcome in OUTCOMES
        ]
        # Only above the minimum n: a figure over a handful of hires says nothing.
        shown = [relation for relation in relations if relation.enough]
        if shown:
            result.append(InterviewerRow(names[interviewer_id], shown))
    return result


def _fingerprint() -> tuple:
    """What changes when the report would, read from primary-key indexes only (a count over
    every signal or review would cost more than the cache saves at a million rows): the newest
    signal, the leavings (a small table: count and newest), and the newest line of the reviews'
    history, which every review save writes (a final rating set, shared, calibrated). A deleted
    signal (its employee deleted) is seen when the entry expires (REPORT_CACHE_SECONDS)."""
    return (
        HireSignal.objects.aggregate(newest=Max("pk"))["newest"],
        tuple(Leaving.objects.aggregate(n=Count("pk"), newest=Max("pk")).values()),
        Review.history.aggregate(newest=Max("history_id"))["newest"],
        Review.objects.aggregate(newest=Max("pk"))["newest"],
    )


def hiring_signals_report(user: User, *, today: datetime.date | None = None) -> HiringSignalsReport:
    """The report for `user` (HR gets the per-interviewer figures), cached while unchanged."""
    today = today or timezone.localdate()
    with_interviewers = can_see_interviewers(user)
    return report_cached(
        "hiring_signals",
        _cache_parts(with_interviewers, today, _fingerprint()),
        lambda: _hiring_signals_report(with_interviewers=with_interviewers, today=today),
    )


def _cache_parts(with_interviewers: bool, today: datetime.date, fingerprint: tuple) -> tuple:
    return ("hr" if with_interviewers else "others", today, min_n(), fingerprint)


# The durable events after which the report is computed afresh in the background; a review
# shared or acknowledged queues it too (performance.services.reviews).
REFRESHING_EVENTS = (
    "employee_hired",
    "employee_leaving",
    "employee_leaving_moved",
    "employee_leaving_cancelled",
)


@report_refresher("hiring_signals", events=REFRESHING_EVENTS)
def hiring_signals_reports_refresh(*, today: datetime.date | None = None) -> None:
    """Both versions of the report (HR's, with the interviewers, and the hiring managers'),
    stored under the current fingerprint, so that the page reads them from the cache."""
    today = today or timezone.localdate()
    fingerprint = _fingerprint()
    for with_interviewers in (True, False):
        report_store(
            "hiring_signals",
            _cache_parts(with_interviewers, today, fingerprint),
            lambda interviewers=with_interviewers: _hiring_signals_report(
                with_interviewers=interviewers, today=today
            ),
        )


def _hiring_signals_report(*, with_interviewers: bool, today: datetime.date) -> HiringSignalsReport:
    rows = _counted_rows(today, interviewers=with_interviewers)
    counts = next(row for row in rows if row[0] == "c")
    cells = _cells([(row[1], row[2], *row[7:]) for row in rows if row[0] == "s"], 2)
    order = {kind: index for index, kind in enumerate(HireSignal.Kind.values)}
    relations = [
        _relation(name, kind, outcome, by_outcome.get(outcome.key, {}))
        for (kind, name), by_outcome in sorted(
            cells.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
        for outcome in OUTCOMES
    ]
    return HiringSignalsReport(
        hires=int(counts[-1] or 0),
        min_n=min_n(),
        outcomes=OUTCOMES,
        outcome_counts={
            outcome.key: int(count) for outcome, count in zip(OUTCOMES, counts[8:-1], strict=True)
        },
        relations=relations,
        interviewers=_interviewer_rows([row for row in rows if row[0] == "i"])
        if with_interviewers
        else None,
    )
