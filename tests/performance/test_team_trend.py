"""The team's trend: a chart and a table of the same numbers, over the same people as the board;
and the CSV import's example, made of a real person and metric."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.factories.people import EmployeeFactory, RoleFamilyFactory
from tests.factories.performance import MeasurementFactory, MetricFactory

pytestmark = pytest.mark.django_db


def test_team_trend_shows_the_average_per_period_as_chart_and_table(client_for):
    manager = EmployeeFactory()
    family = RoleFamilyFactory(slug="data-entry-clerk")
    metric = MetricFactory(role_family=family, name="Keystrokes per hour", target=9000)
    first, second = EmployeeFactory.create_batch(2, manager=manager, role_family=family)
    outsider = EmployeeFactory(role_family=family)  # someone else's report
    october, november = datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)
    for person, values in ((first, (8000, 9400)), (second, (9000, 9600)), (outsider, (1, 1))):
        for period, value in zip((october, november), values, strict=True):
            MeasurementFactory(metric=metric, employee=person, period_start=period, value=value)

    response = client_for(manager.user).get(reverse("performance:team_metrics"))
    (trend,) = response.context["trends"]
    assert [(p.period_start, p.average, p.people) for p in trend.points] == [
        (october, 8500.0, 2),
        (november, 9500.0, 2),
    ]
    page = response.content.decode()
    chart = json.loads(
        page.split(f'id="{trend.chart_id}" type="application/json">', 1)[1].split("</script>", 1)[0]
    )
    assert chart["values"] == [8500.0, 9500.0]
    assert chart["target"] == 9000.0
    table = page.split(f'data-trend-table="{metric.pk}"', 1)[1].split("</table>", 1)[0]
    assert "8500" in table
    assert "9500" in table


def test_the_import_example_is_a_real_person_and_metric(client_for):
    manager = EmployeeFactory()
    report = EmployeeFactory(manager=manager, user__email="ella@example.com")
    metric = MetricFactory(role_family=report.role_family, name="Invoices processed per day")
    MeasurementFactory(
        metric=metric, employee=report, period_start=datetime.date(2026, 10, 1), value=58
    )
    page = client_for(manager.user).get(reverse("performance:measurement_import"))
    assert page.context["example"] == "ella@example.com,Invoices processed per day,2026-11-01,58"
