import datetime
import math
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from performance.forms import IMPORT_MAX_BYTES, MeasurementImportForm
from performance.models import Measurement
from performance.services import metrics as metrics_services
from performance.services.metrics import (
    IMPORT_MAX_ROWS,
    REPORT_ERRORS_LISTED,
    ImportMode,
    measurement_record,
    measurements_import,
)
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
    page = response.content.decode()
    assert "Nothing was imported: The header must have the columns" in page
    assert "of 0 rows" not in page


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


# --- The import at size: bulk writes, a bounded report, the row cap -------------------------


@pytest.fixture
def staff():
    """HR, and six people in two role families with two metrics each."""
    hr = EmployeeFactory(user__roles=["HR"], user__is_staff=True).user
    pairs = []
    for slug in ("data-entry-clerk", "bookkeeper"):
        family = RoleFamilyFactory(slug=slug)
        metrics = MetricFactory.create_batch(2, role_family=family)
        for person in EmployeeFactory.create_batch(3, role_family=family):
            pairs += [(person.user.email, metric.name) for metric in metrics]
    return hr, pairs


def _rows(pairs, count):
    """`count` good rows: every pair for January 2026, then every pair for February, …"""
    rows = []
    for n in range(count):
        email, metric = pairs[n % len(pairs)]
        months = n // len(pairs)
        month = datetime.date(2026 + months // 12, months % 12 + 1, 1)
        rows.append(f"{email},{metric},{month},{100 + n}")
    return rows


def _import_queries(text, by):
    with CaptureQueriesContext(connection) as queries:
        report = measurements_import(text=text, by=by, mode=ImportMode.GOOD_ROWS)
    return len(queries), report


def test_import_queries_do_not_grow_with_the_rows(staff):
    hr, pairs = staff
    hr.role_names  # noqa: B018  (read once per request in real use)
    small, report = _import_queries(_csv(*_rows(pairs, 20), "x@example.com,a,b,c"), hr)
    assert (report.imported, len(report.errors)) == (20, 1)
    large, report = _import_queries(_csv(*_rows(pairs, 200), "x@example.com,a,b,c"), hr)
    assert (report.imported, len(report.errors)) == (200, 1)
    # Employees, metrics, one insert of every row; and, inside the test's transaction, the
    # service's atomic block is a savepoint and its release. The insert is one statement per
    # batch the database takes: all 200 rows on PostgreSQL; on SQLite, whose statements take
    # at most 999 parameters, as many rows as fit (166 of 6 fields), so 200 rows need two.
    assert small == 5
    assert large == 4 + _insert_statements(200)


def _insert_statements(rows: int) -> int:
    fields = [field for field in Measurement._meta.concrete_fields if not field.primary_key]
    batch = min(
        metrics_services.IMPORT_BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows)
    )
    return math.ceil(rows / batch)


def test_import_writes_one_statement_per_batch(staff, monkeypatch):
    hr, pairs = staff
    monkeypatch.setattr("performance.services.metrics.IMPORT_BATCH_SIZE", 50)
    hr.role_names  # noqa: B018
    small, _ = _import_queries(_csv(*_rows(pairs, 20)), hr)
    large, _ = _import_queries(_csv(*_rows(pairs, 200)), hr)
    assert large - small == 3  # 4 batches of 50 instead of 1
    assert Measurement.objects.count() == 200


def test_import_replaces_a_stored_value_and_records_who_entered_it(team, hr_user):
    manager, ella, metric = team
    stored = MeasurementFactory(
        metric=metric,
        employee=ella,
        period_start=datetime.date(2026, 9, 1),
        value=1,
        entered_by=manager.user,
    )
    report = measurements_import(
        text=_csv("ella@example.com,Records per hour,2026-09-01,1190"),
        by=hr_user,
        mode=ImportMode.ALL_OR_NOTHING,
    )
    assert report.imported == 1
    replaced = Measurement.objects.get()
    assert (replaced.pk, replaced.value, replaced.entered_by) == (stored.pk, 1190, hr_user)
    assert replaced.updated_at > stored.updated_at


def test_import_keeps_the_last_row_for_a_period_named_twice(team):
    manager, *_ = team
    report = measurements_import(
        text=_csv(
            "ella@example.com,Records per hour,2026-09-01,1190",
            "ELLA@example.com,records per hour,2026-09-01,1210",
        ),
        by=manager.user,
        mode=ImportMode.GOOD_ROWS,
    )
    assert (report.rows, report.imported) == (2, 2)
    assert Measurement.objects.get().value == 1210


def _upload(text):
    return SimpleUploadedFile("numbers.csv", text.encode(), content_type="text/csv")


@pytest.mark.parametrize(("bad", "listed"), [(3, 3), (REPORT_ERRORS_LISTED, 100), (250, 100)])
def test_the_report_lists_the_first_bad_rows_and_counts_the_rest(client_for, staff, bad, listed):
    hr, pairs = staff
    rows = _rows(pairs, 40) + [f"nobody{n}@example.com,x,2026-01-01,1" for n in range(bad)]
    response = client_for(hr).post(
        reverse("performance:measurement_import"),
        {"file": _upload(_csv(*rows)), "mode": "good_rows"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Imported 40 of {40 + bad} rows; the {bad} bad rows were skipped." in page
    assert page.count("No employee with the email") == listed
    assert "nobody0@example.com" in page  # the first bad rows, by line
    if bad > listed:
        assert f"The first {listed} bad rows" in page
        assert f"And {bad - listed} more bad rows, not listed here." in page
    else:
        assert "not listed here" not in page


def test_the_report_puts_thousands_separators_in_large_counts(client_for, hr_user):
    rows = [f"nobody{n}@example.com,x,2026-01-01,1" for n in range(1_200)]
    response = client_for(hr_user).post(
        reverse("performance:measurement_import"),
        {"file": _upload(_csv(*rows)), "mode": "all_or_nothing"},
    )
    page = response.content.decode()
    assert "Nothing was imported: 1,200 of 1,200 rows are bad." in page
    assert "And 1,100 more bad rows, not listed here." in page


def _import_form(text):
    return MeasurementImportForm({"mode": "good_rows"}, {"file": _upload(text)})


def test_the_form_takes_a_file_of_the_largest_size_and_refuses_a_row_more():
    row = "firstname.lastname@example.com,Records entered per hour,2026-10-01,1450.25"
    assert _import_form(_csv(*[row] * IMPORT_MAX_ROWS)).is_valid()
    form = _import_form(_csv(*[row] * (IMPORT_MAX_ROWS + 1), "", ""))  # blank lines don't count
    assert not form.is_valid()
    assert form.errors["file"] == [
        "The file has 10,001 rows. At most 10,000 rows can be imported at once: "
        "split it into smaller files."
    ]


def test_the_form_refuses_a_file_too_large_for_the_rows_allowed():
    form = _import_form("email,metric,period_start,value\n" + "x" * IMPORT_MAX_BYTES)
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("The file is larger than 5 MB.")


def test_the_form_refuses_a_file_csv_cannot_read():
    form = _import_form('email,metric,period_start,value\n"' + "x" * 200_000)
    assert not form.is_valid()
    assert form.errors["file"][0].startswith("The file is not readable as CSV")


def test_import_reports_the_line_of_the_file_past_blank_lines(team):
    manager, *_ = team
    text = _csv("ella@example.com,Records per hour,2026-09-01,1190", "", "", "x@example.com,a,b,c")
    report = measurements_import(text=text, by=manager.user, mode=ImportMode.GOOD_ROWS)
    assert (report.rows, report.imported) == (2, 1)
    assert report.errors == [(5, "No employee with the email “x@example.com”.")]
