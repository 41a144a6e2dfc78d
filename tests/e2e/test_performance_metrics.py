"""A manager imports a month of numbers from CSV and reads an employee's trend chart."""

import pytest
from playwright.sync_api import expect

from performance.models import Measurement
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory, RoleFamilyFactory
from tests.factories.performance import MeasurementFactory, MetricFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSV = (
    "email,metric,period_start,value\n"
    "ella@example.com,Keystrokes per hour,2026-10-01,9150\n"
    "ella@example.com,Words per minute,2026-10-01,60\n"
)


def _upload(page, tmp_path, choice):
    path = tmp_path / "october.csv"
    path.write_text(CSV)
    page.goto("/performance/measurements/import/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_label(choice).check()
    page.get_by_role("button", name="Check and import").click()


def test_manager_imports_numbers_and_reads_the_trend(page, tmp_path):
    family = RoleFamilyFactory(slug="data-entry-clerk")
    manager = EmployeeFactory(user__email="priya@example.com")
    ella = EmployeeFactory(
        user__email="ella@example.com",
        user__first_name="Ella",
        user__last_name="Novak",
        role_family=family,
        manager=manager,
    )
    metric = MetricFactory(role_family=family, name="Keystrokes per hour", unit="KPH", target=9000)
    MeasurementFactory(
        metric=metric, employee=ella, value=8800, entered_by=manager.user, period_start="2026-09-01"
    )
    sign_in(page, "priya@example.com", PASSWORD)

    _upload(page, tmp_path, "Import nothing if any row is bad")
    expect(page.get_by_text("Nothing was imported: 1 of 2 rows is bad")).to_be_visible()
    expect(page.get_by_text("“Words per minute” is not a metric")).to_be_visible()
    assert Measurement.objects.count() == 1

    _upload(page, tmp_path, "Import the good rows and skip the bad ones")
    expect(page.get_by_text("Imported 1 of 2 rows")).to_be_visible()

    page.goto("/performance/team/metrics/")
    page.get_by_role("link", name="Ella Novak").click()
    expect(page.get_by_role("heading", name="Metrics of Ella Novak")).to_be_visible()
    chart = page.get_by_role("img", name="Trend of Keystrokes per hour against its target")
    expect(chart).to_be_visible()
    assert page.evaluate("window.Chart && Object.keys(window.Chart.instances).length") == 1
    expect(page.get_by_role("cell", name="9150 KPH")).to_be_visible()
    assert page.console_errors == []
