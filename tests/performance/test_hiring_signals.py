import datetime
import random
import re
from unittest.mock import patch

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.people.models import HireSignal, Leaving, LeavingReason
from backoffice.people.roles import Role
from performance.models import Review
from performance.selectors.signal_outcomes import hiring_signals_report
from performance.statistics import bands, bands_counts, ranks, spearman, spearman_counts
from tests.factories.people import EmployeeFactory, UserFactory
from tests.factories.performance import ReviewCycleFactory

TODAY = datetime.date(2026, 11, 30)


# --- The statistics on constructed data -----------------------------------------------------


def test_ranks_share_ties():
    assert ranks([10, 20, 20, 5]) == [2.0, 3.5, 3.5, 1.0]


def test_spearman_perfect_monotone_and_inverse():
    xs = [1, 2, 3, 4, 5, 6, 7, 8]
    assert spearman(xs, [x**3 for x in xs]).rho == 1.0
    assert spearman(xs, [-x for x in xs]).rho == -1.0


def test_spearman_matches_the_textbook_example():
    # Spearman's classic IQ / TV hours example: rho = -29/165 = -0.1758.
    iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110]
    tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17]
    result = spearman(iq, tv)
    assert result.rho == pytest.approx(-0.176, abs=0.001)
    assert result.n == 10
    assert result.low < 0 < result.high  # not clear at n = 10
    assert not result.is_clear


def test_a_known_correlation_is_found_with_an_interval():
    rng = random.Random(7)
    xs = [rng.uniform(0, 10) for _ in range(200)]
    ys = [x + rng.gauss(0, 3) for x in xs]
    result = spearman(xs, ys)
    assert 0.55 < result.rho < 0.8
    assert result.low < result.rho < result.high
    assert result.is_clear
    noise = spearman(xs, [rng.gauss(0, 1) for _ in xs])
    assert not noise.is_clear


def test_no_spread_gives_nothing():
    assert spearman([1, 1, 1, 1, 1], [1, 2, 3, 4, 5]) is None
    assert spearman([1, 2, 3], [1, 2, 3]) is None


def test_bands_split_by_score_and_keep_ties_together():
    pairs = [(1, 0), (1, 0), (2, 0), (2, 1), (3, 1), (3, 1), (4, 1), (4, 1), (4, 1)]
    result = bands(pairs, share=True)
    assert [band.label for band in result] == ["1 to 2", "3", "4"] or sum(b.n for b in result) == 9
    assert result[0].value < result[-1].value
    assert sum(band.n for band in result) == 9


@pytest.mark.parametrize("seed", range(40))
def test_the_statistics_from_counts_equal_those_from_the_pairs(seed):
    """The report counts in the database and works from (score, outcome) -> hires: the same
    rho, interval and bands as over the expanded pairs, ties and all."""
    rng = random.Random(seed)
    n = rng.randint(0, 80)
    xs = [
        rng.choice([1, 2, 2.5, 3, 3.125, 4]) if seed % 2 else rng.randint(0, 30) for _ in range(n)
    ]
    ys = [float(rng.random() < 0.6) if seed % 3 else rng.randint(1, 5) for _ in range(n)]
    cells: dict = {}
    for pair in zip(xs, ys, strict=True):
        cells[pair] = cells.get(pair, 0) + 1
    expected, found = spearman(xs, ys), spearman_counts(cells)
    assert (expected is None) == (found is None)
    if expected:
        assert found.n == expected.n
        assert abs(found.rho - expected.rho) <= 0.001
        assert abs(found.low - expected.low) <= 0.001
        assert abs(found.high - expected.high) <= 0.001
    for share in (True, False):
        by_pairs = bands(list(zip(xs, ys, strict=True)), share=share)
        by_counts = bands_counts(cells, share=share)
        assert [(b.label, b.n) for b in by_counts] == [(b.label, b.n) for b in by_pairs]
        assert all(abs(a.value - b.value) <= 0.1 for a, b in zip(by_counts, by_pairs, strict=True))


# --- The report on constructed hires --------------------------------------------------------


def _hires(n, *, planted: bool, seed: int = 3):
    """n hires a year and a half ago; with `planted`, low 'Teamwork' scorers leave early."""
    rng = random.Random(seed)
    interviewer = UserFactory(roles=[Role.INTERVIEWER], first_name="Ivy", last_name="Rater")
    reason = LeavingReason.objects.get(name="Did not fit the team or the work")
    for _ in range(n):
        employee = EmployeeFactory(start_date=TODAY - datetime.timedelta(days=540))
        teamwork = rng.choice([1, 2, 3, 4])
        noise = rng.choice([1, 2, 3, 4])
        HireSignal.objects.bulk_create(
            [
                HireSignal(employee=employee, kind="criterion", name="Teamwork", value=teamwork),
                HireSignal(employee=employee, kind="criterion", name="Spreadsheets", value=noise),
                HireSignal(
                    employee=employee,
                    kind="criterion",
                    name="Teamwork",
                    value=teamwork,
                    interviewer=interviewer,
                ),
            ]
        )
        leaves = rng.random() < ({1: 0.85, 2: 0.6, 3: 0.15, 4: 0.05}[teamwork] if planted else 0.3)
        if leaves:
            Leaving.objects.create(
                employee=employee,
                last_day=employee.start_date + datetime.timedelta(days=rng.randint(30, 150)),
                reason=reason,
            )
    return interviewer


@pytest.mark.django_db
def test_the_planted_predictor_is_named(settings):
    settings.HIRING_SIGNALS_MIN_N = 20
    _hires(60, planted=True)
    report = hiring_signals_report(UserFactory(roles=[Role.HR]), today=TODAY)
    assert report.hires == 60
    top = report.findings[0]
    assert top.signal == "Teamwork"
    assert top.outcome.key in {"employed_6m", "employed_12m", "probation"}
    assert top.correlation.rho > 0.3
    assert top.sentence.startswith("Candidates who scored higher on teamwork were more likely")
    assert all(relation.signal != "Spreadsheets" for relation in report.findings)
    # The bands tell the same story: low scorers stayed less often.
    assert top.bands[0].value < top.bands[-1].value


@pytest.mark.django_db
def test_below_the_minimum_nothing_is_claimed(settings, client):
    settings.HIRING_SIGNALS_MIN_N = 20
    _hires(15, planted=True)
    hr = UserFactory(roles=[Role.HR])
    report = hiring_signals_report(hr, today=TODAY)
    assert report.findings == []
    assert all(relation.correlation is None for relation in report.relations)
    assert all("Not enough hires yet" in relation.sentence for relation in report.relations)
    assert report.interviewers == []
    client.force_login(hr)
    page = client.get(reverse("performance:hiring_signals")).content.decode()
    assert "Candidates who scored higher" not in page
    assert 'data-min-n="20"' in page


@pytest.mark.django_db
def test_first_review_rating_and_failed_probation_are_outcomes(settings):
    settings.HIRING_SIGNALS_MIN_N = 5
    cycle = ReviewCycleFactory(status="closed", period_end=TODAY - datetime.timedelta(days=100))
    for score in range(1, 9):
        employee = EmployeeFactory(
            start_date=TODAY - datetime.timedelta(days=400), manager=EmployeeFactory()
        )
        HireSignal.objects.create(employee=employee, kind="section", name="Skills", value=score)
        Review.objects.create(
            cycle=cycle,
            employee=employee,
            manager=employee.manager,
            status=Review.Status.SHARED,
            kind=Review.Kind.PROBATION,
            final_rating=1 + score // 2,
        )
    report = hiring_signals_report(UserFactory(roles=[Role.HR]), today=TODAY)
    rating = next(r for r in report.relations if r.outcome.key == "first_rating")
    assert rating.n == 8
    assert rating.correlation.rho > 0.9
    probation = next(r for r in report.relations if r.outcome.key == "probation")
    assert probation.correlation.rho > 0  # ratings 1 and 2 failed probation


@pytest.mark.django_db
def test_only_hr_sees_per_interviewer_figures(settings, client):
    settings.HIRING_SIGNALS_MIN_N = 20
    _hires(40, planted=True)
    url = reverse("performance:hiring_signals")
    hr = UserFactory(roles=[Role.HR])
    client.force_login(hr)
    page = client.get(url).content.decode()
    assert "Ivy Rater" in page
    assert "data-interviewers" in page
    hiring_manager = UserFactory(roles=[Role.HIRING_MANAGER])
    client.force_login(hiring_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert "Ivy Rater" not in response.content.decode()
    assert "data-interviewers" not in response.content.decode()
    assert hiring_signals_report(hiring_manager, today=TODAY).interviewers is None
    for roles in ([Role.INTERVIEWER], [Role.EMPLOYEE]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_query_count_does_not_grow(settings, client):
    settings.HIRING_SIGNALS_MIN_N = 20
    settings.REPORT_CACHE_SECONDS = 0  # count the computation, not a cache hit
    client.force_login(UserFactory(roles=[Role.HR]))
    url = reverse("performance:hiring_signals")
    counts = []
    for size, seed in ((20, 1), (60, 2)):
        _hires(size, planted=True, seed=seed)
        client.get(url)  # warm: the session's first write
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 12, counts


@pytest.mark.django_db
def test_the_report_is_cached_until_its_data_change(settings):
    settings.HIRING_SIGNALS_MIN_N = 20
    settings.REPORT_CACHE_SECONDS = 300
    hr = UserFactory(roles=[Role.HR])
    _hires(20, planted=True)
    first = hiring_signals_report(hr, today=TODAY)
    assert hiring_signals_report(hr, today=TODAY).computed_at == first.computed_at
    _hires(1, planted=True, seed=9)
    again = hiring_signals_report(hr, today=TODAY)
    assert again.hires == 21
    # Another audience never gets HR's copy (with the per-interviewer figures).
    assert hiring_signals_report(UserFactory(roles=[Role.HIRING_MANAGER])).interviewers is None


def _without_csrf(response) -> str:
    # The CSRF token is masked afresh on every response.
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


@pytest.mark.django_db
def test_the_page_is_rendered_once_per_report_and_anew_when_the_data_change(settings, client):
    """The report's HTML is kept with the report: the same page while the data stand, the new
    figures after a hire, and each audience its own (issue 22)."""
    settings.HIRING_SIGNALS_MIN_N = 20
    settings.REPORT_CACHE_SECONDS = 300
    _hires(20, planted=True)
    url = reverse("performance:hiring_signals")
    client.force_login(UserFactory(roles=[Role.HR]))
    first = _without_csrf(client.get(url))
    assert "For the 20 people hired" in first
    with patch("performance.views.signal_outcomes.render_to_string") as render:
        assert _without_csrf(client.get(url)) == first
    render.assert_not_called()
    _hires(1, planted=True, seed=9)
    assert "For the 21 people hired" in client.get(url).content.decode()
    client.force_login(UserFactory(roles=[Role.HIRING_MANAGER]))
    page = client.get(url).content.decode()
    assert "For the 21 people hired" in page
    assert "data-interviewers" not in page


@pytest.mark.django_db
def test_the_page_renders_when_the_cache_is_down(settings, client):
    settings.HIRING_SIGNALS_MIN_N = 20
    settings.REPORT_CACHE_SECONDS = 300
    _hires(20, planted=True)
    client.force_login(UserFactory(roles=[Role.HR]))
    with patch("backoffice.core.report_cache.cache") as cache:
        cache.get.side_effect = cache.set.side_effect = ConnectionError("cache down")
        response = client.get(reverse("performance:hiring_signals"))
    assert response.status_code == 200
    assert "For the 20 people hired" in response.content.decode()
