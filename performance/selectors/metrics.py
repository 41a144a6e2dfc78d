"""Reads for metric pages: an employee's trends and the team's on/off target board."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, OuterRef, Subquery
from django.http import Http404
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone

from backoffice.core.report_cache import report_cached
from backoffice.people.models import Employee, User
from performance.models import Measurement, Metric


def employee_get_for_user(user: User, pk: int) -> Employee:
    """An employee the user may look at (themselves, a report, anyone for HR); else 404."""
    try:
        return Employee.objects.visible_to(user).with_relations().get(pk=pk)
    except Employee.DoesNotExist:
        raise Http404("No such person") from None


@dataclass
class MetricSummary:
    metric: Metric
    measurements: list
    latest: Measurement | None

    @property
    def on_target(self) -> bool | None:
        return self.metric.on_target(self.latest.value if self.latest else None)

    @property
    def chart_id(self) -> str:
        return f"metric-chart-{self.metric.pk}"

    def chart_data(self) -> dict:
        return {
            "label": f"{self.metric.name} ({self.metric.unit})",
            "labels": [m.period_start.isoformat() for m in self.measurements],
            "values": [float(m.value) for m in self.measurements],
            "target": float(self.metric.target),
        }


def metric_summaries(
    employee: Employee, *, since: datetime.date | None = None, until: datetime.date | None = None
) -> list[MetricSummary]:
    """Each active metric of the employee's role with its measurements, in two queries."""
    if employee.role_family_id is None:
        return []
    metrics = list(Metric.objects.filter(role_family_id=employee.role_family_id, is_active=True))
    measurements = Measurement.objects.filter(employee=employee, metric__in=metrics)
    if since:
        measurements = measurements.filter(period_start__gte=since)
    if until:
        measurements = measurements.filter(period_start__lte=until)
    by_metric = defaultdict(list)
    for measurement in measurements.order_by("period_start"):
        by_metric[measurement.metric_id].append(measurement)
    return [
        MetricSummary(
            metric=metric,
            measurements=by_metric[metric.pk],
            latest=by_metric[metric.pk][-1] if by_metric[metric.pk] else None,
        )
        for metric in metrics
    ]


@dataclass
class TeamRow:
    employee: Employee
    # (metric, latest measurement or None, on target or None, value shown, target shown): the
    # numbers formatted here once per metric rather than by a template filter in every cell.
    cells: list

    @property
    def off_target(self) -> int:
        return sum(1 for cell in self.cells if cell[2] is False)


def team_metrics(manager: Employee | None, user: User, *, employee_ids=None) -> list[TeamRow]:
    """Each report's latest value of each of their role's metrics, in three queries."""
    team = Employee.objects.visible_to(user).with_relations().exclude(status=Employee.Status.LEFT)
    team = team.filter(manager=manager) if manager is not None else team
    if employee_ids is not None:
        team = team.filter(pk__in=employee_ids)
    team = list(team)
    metrics = defaultdict(list)
    for metric in Metric.objects.filter(
        role_family__in={member.role_family_id for member in team}, is_active=True
    ):
        metrics[metric.role_family_id].append(metric)
    latest = {}
    newest_period = (
        Measurement.objects.filter(employee=OuterRef("employee"), metric=OuterRef("metric"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    for measurement in Measurement.objects.filter(
        employee__in=team, period_start=Subquery(newest_period)
    ):
        latest[(measurement.employee_id, measurement.metric_id)] = measurement
    targets = {
        metric.pk: floatformat(metric.target, "-2")
        for group in metrics.values()
        for metric in group
    }
    rows = []
    for member in team:
        cells = []
        for metric in metrics.get(member.role_family_id, []):
            measurement = latest.get((member.pk, metric.pk))
            value = measurement.value if measurement else None
            shown = floatformat(value, "-2") if measurement else ""
            cells.append((metric, measurement, metric.on_target(value), shown, targets[metric.pk]))
        rows.append(TeamRow(employee=member, cells=cells))
    return rows


TREND_POINTS = 12


@dataclass
class TeamTrendPoint:
    period_start: datetime.date
    average: float
    people: int
    on_target: bool | None
    # As the table shows them, formatted once when the trend is computed (and cached).
    period_label: str = ""
    average_label: str = ""


@dataclass
class TeamTrend:
    """One metric's team average per period: drawn as a chart and listed as a table."""

    metric: Metric
    role_family: str
    points: list[TeamTrendPoint]
    target_label: str = ""

    @property
    def chart_id(self) -> str:
        return f"team-trend-{self.metric.pk}"

    def chart_data(self) -> dict:
        return {
            "label": f"Team average, {self.metric.unit}",
            "labels": [point.period_start.isoformat() for point in self.points],
            "values": [point.average for point in self.points],
            "target": float(self.metric.target),
        }


def team_trends(manager: Employee | None, user: User) -> list[TeamTrend]:
    """The team's average of each metric per period (the latest TREND_POINTS periods), over the
    same people as the board: a manager's current reports, or everyone HR may see. One query.

    Everyone (HR) means every measurement of the company, half a million at the bench's
    largest size: that one is kept in the report cache while the measurements, the people and
    the metrics are unchanged (their newest change, read from indexes in one query instead of
    the trends' own query; a metric's edited target shows when the entry expires,
    REPORT_CACHE_SECONDS). A manager's team is small: computed each time.
    """
    if manager is not None or not user.is_hr:
        return _team_trends(manager, user)
    return report_cached(
        # v2: points carry their labels (an entry cached before them would show none).
        "team_trends.v2",
        ("all", _trends_fingerprint()),
        lambda: _team_trends(None, user),
    )


def _trends_fingerprint() -> tuple:
    tables = [
        connection.ops.quote_name(model._meta.db_table) for model in (Measurement, Employee, Metric)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {tables[0]}), (SELECT MAX(updated_at) FROM {tables[0]}), "  # noqa: S608
            f"(SELECT MAX(updated_at) FROM {tables[1]}), (SELECT COUNT(*) FROM {tables[2]})"
        )
        return cursor.fetchone()


def _team_trends(manager: Employee | None, user: User) -> list[TeamTrend]:
    team = Employee.objects.visible_to(user).exclude(status=Employee.Status.LEFT)
    team = team.filter(manager=manager) if manager is not None else team
    metric_fields = ["metric_id", "metric__name", "metric__unit", "metric__target"]
    metric_fields += ["metric__direction", "metric__role_family__name"]
    rows = (
        Measurement.objects.filter(employee__in=team.values("pk"), metric__is_active=True)
        .values(*metric_fields, "period_start")
        # One measurement per (metric, employee, period) (a unique constraint): counting rows
        # counts people, without DISTINCT's sort of every measurement.
        .annotate(average=Avg("value"), people=Count("pk"))
        .order_by("metric__role_family__name", "metric__name", "metric_id", "-period_start")
    )
    trends: dict[int, TeamTrend] = {}
    for row in rows:
        trend = trends.get(row["metric_id"])
        if trend is None:
            metric = Metric(
                pk=row["metric_id"],
                name=row["metric__name"],
                unit=row["metric__unit"],
                target=row["metric__target"],
                direction=row["metric__direction"],
            )
            trend = trends[metric.pk] = TeamTrend(
                metric=metric,
                role_family=row["metric__role_family__name"],
                points=[],
                target_label=floatformat(metric.target, "-2"),
            )
        if len(trend.points) < TREND_POINTS:
            average = round(float(row["average"]), 2)
            trend.points.append(
                TeamTrendPoint(
                    period_start=row["period_start"],
                    average=average,
                    people=row["people"],
                    on_target=trend.metric.on_target(row["average"]),
                    period_label=date_filter(row["period_start"], "j M Y"),
                    average_label=floatformat(average, "-2"),
                )
            )
    for trend in trends.values():
        trend.points.reverse()  # oldest first, as the chart reads
    return list(trends.values())


def _next_period(metric: Metric, start: datetime.date) -> datetime.date:
    if metric.period == Metric.Period.WEEKLY:
        return start + datetime.timedelta(days=7)
    months = 3 if metric.period == Metric.Period.QUARTERLY else 1
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 1)


def measurement_import_example(employees) -> str | None:
    """A CSV line the user could import: a real person they measure, a real metric of that
    person's role, the period after the latest one entered and a value near the last."""
    latest = (
        Measurement.objects.filter(employee__in=employees, metric__is_active=True)
        .select_related("employee__user", "metric")
        .order_by("-period_start", "pk")
        .first()
    )
    if latest is not None:
        period = _next_period(latest.metric, latest.period_start)
        person, metric, value = latest.employee, latest.metric, latest.value
    else:
        metric = (
            Metric.objects.filter(is_active=True, role_family__employees__in=employees.values("pk"))
            .order_by("pk")
            .first()
        )
        if metric is None:
            return None
        person = employees.filter(role_family=metric.role_family_id).select_related("user")[0]
        today = timezone.localdate()
        period, value = datetime.date(today.year, today.month, 1), metric.target
    return f"{person.user.email},{metric.name},{period.isoformat()},{value.normalize():f}"
