import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import Measurement
from performance.services.metrics import ImportMode, measurement_record, measurements_import
from tests.factories.people import EmployeeFactory, RoleFamilyFactory
from tests.factories.performance import MeasurementFactory, MetricFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    family = RoleFamilyFactory(slug="data-entry-clerk")
    manager = EmployeeFactory()
    ella = EmployeeFactory(role_family=family, manager=manager, user__email="ella@example.com")
    metric = MetricFactory(role_family=family, name="Records per hour", target=1200)
    return manager, ella, metric


def _csv(*rows):
    return "email,metric,period_start,value\n" + "\n".join(rows) + "\n"


def test_a_manager_records_and_corrects_a_measurement(team):
    manager, ella, metric = team
    for value in ("1100", "1150"):
        measurement_record(
            metric=metric,
            employee=ella,
            period_start=datetime.date(2026, 10, 1),
            value=Decimal(value),
            by=manager.user,
        )
    assert Measurement.objects.get().value == Decimal("1150")


def test_only_the_manager_or_hr_records(team):
    _, ella, metric = team
    with pytest.raises(PermissionDenied):
        measurement_record(
            metric=metric,
            employee=ella,
            period_start=datetime.date(2026, 10, 1),
            value=Decimal(1),
            by=ella.user,
        )


def test_import_all_or_nothing_imports_nothing_when_a_row_is_bad(team):
    manager, *_ = team
    text = _csv(
        "ella@example.com,Records per hour,2026-09-01,1190",
        "ella@example.com,Records per hour,not-a-date,1200",
        "nobody@example.com,Records per hour,2026-09-01,5",
        "ella@example.com,Typing,2026-09-01,5",
        "ella@example.com,Records per hour,2026-10-01,lots",
    )
    report = measurements_import(text=text, by=manager.user, mode=ImportMode.ALL_OR_NOTHING)
    assert report.imported == 0
    assert [line for line, _ in report.errors] == [3, 4, 5, 6]
    assert not Measurement.objects.exists()


def test_import_good_rows_only_skips_the_bad_ones(team):
    manager, *_ = team
    text = _csv(
        "ella@example.com,Records per hour,2026-09-01,1190",
        "ELLA@example.com,records per hour,2026-10-01,1250",
        "ella@example.com,Records per hour,2026-11-01,",
    )
    report = measurements_import(text=text, by=manager.user, mode=ImportMode.GOOD_ROWS)
    assert (report.rows, report.imported, report.skipped) == (3, 2, 1)
    assert Measurement.objects.count() == 2


def test_import_refuses_rows_for_people_one_does_not_manage(team):
    _, ella, _ = team
    outsider = EmployeeFactory().user
    report = measurements_import(
        text=_csv("ella@example.com,Records per hour,2026-09-01,1"),
        by=outsider,
        mode=ImportMode.GOOD_ROWS,
    )
    assert report.errors == [(2, f"You do not manage {ella}.")]
    assert not Measurement.objects.exists()


def test_import_page_says_plainly_what_happened(client_for, team):
    manager, *_ = team
    url = reverse("performance:measurement_import")
    upload = SimpleUploadedFile(
        "numbers.csv",
        _csv("ella@example.com,Records per hour,2026-09-01,1190", "x@example.com,a,b,c").encode(),
    )
    response = client_for(manager.user).post(url, {"file": upload, "mode": "all_or_nothing"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "No employee with the email" in page
    assert not Measurement.objects.exists()


def test_import_page_refuses_a_missing_header(client_for, team):
    manager, *_ = team
    upload = SimpleUploadedFile("x.csv", b"name,value\nA,1\n")
    response = client_for(manager.user).post(
        reverse("performance:measurement_import"), {"file": upload, "mode": "good_rows"}
    )
    assert "The header must have the columns" in response.content.decode()


def test_the_employee_page_shows_a_chart_and_a_table(client_for, team):
    manager, ella, metric = team
    MeasurementFactory(metric=metric, employee=ella, value=1300, entered_by=manager.user)
    url = reverse("performance:employee_metrics", args=[ella.pk])
    response = client_for(ella.user).get(url)
    page = response.content.decode()
    assert f'id="metric-chart-{metric.pk}"' in page  # json_script, read by performance.js
    assert "chart.umd.min.js" in page
    assert "on target" in page
    assert client_for(EmployeeFactory().user).get(url).status_code == 404


def test_the_team_view_lists_who_is_off_target(client_for, team):
    manager, ella, metric = team
    MeasurementFactory(metric=metric, employee=ella, value=900, entered_by=manager.user)
    page = client_for(manager.user).get(reverse("performance:team_metrics")).content.decode()
    assert str(ella) in page
    assert "1 off target" in page


def test_the_team_view_is_for_managers_and_hr(client_for, team, employee_user, hr_user):
    url = reverse("performance:team_metrics")
    assert client_for(employee_user).get(url).status_code == 403
    assert client_for(hr_user).get(url).status_code == 200


def test_measurement_form_refuses_a_metric_of_another_role(client_for, team):
    manager, ella, _ = team
    other = MetricFactory(role_family=RoleFamilyFactory(slug="bookkeeper"))
    EmployeeFactory(role_family=other.role_family, manager=manager)
    response = client_for(manager.user).post(
        reverse("performance:measurement_new"),
        {"employee": ella.pk, "metric": other.pk, "period_start": "2026-10-01", "value": "3"},
    )
    assert response.status_code == 422
    assert not Measurement.objects.exists()


def test_measurement_form_saves_and_shows_the_employee(client_for, team):
    manager, ella, metric = team
    response = client_for(manager.user).post(
        reverse("performance:measurement_new"),
        {"employee": ella.pk, "metric": metric.pk, "period_start": "2026-10-01", "value": "1234"},
    )
    assert response.status_code == 302
    assert Measurement.objects.get().entered_by == manager.user
