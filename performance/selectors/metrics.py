"""Reads for metric pages: an employee's trends and the team's on/off target board."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.http import Http404

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
    cells: list  # (metric, latest measurement or None, on target or None)

    @property
    def off_target(self) -> int:
        return sum(1 for _, _, on in self.cells if on is False)


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
    rows = []
    for member in team:
        cells = []
        for metric in metrics.get(member.role_family_id, []):
            measurement = latest.get((member.pk, metric.pk))
            cells.append(
                (metric, measurement, metric.on_target(measurement.value if measurement else None))
            )
        rows.append(TeamRow(employee=member, cells=cells))
    return rows
