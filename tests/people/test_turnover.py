import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.people.models import Department, Leaving, LeavingReason
from backoffice.people.roles import Role
from backoffice.people.turnover import turnover_csv_rows, turnover_report
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def _leave(employee, last_day, *, voluntary=True, reason="Relocation"):
    Leaving.objects.create(
        employee=employee,
        last_day=last_day,
        is_voluntary=voluntary,
        reason=LeavingReason.objects.get(name=reason),
    )
    type(employee).objects.filter(pk=employee.pk).update(status="left")


@pytest.fixture
def company():
    """Ten people from 2025; in May 2026 two leave (one within 90 days of starting)."""
    hr = UserFactory(roles=[Role.HR])
    finance = Department.objects.create(name="Finance T")
    ops = Department.objects.create(name="Ops T")
    boss = EmployeeFactory(department=ops, start_date=datetime.date(2024, 1, 1))
    team = [
        EmployeeFactory(manager=boss, department=finance, start_date=datetime.date(2025, 1, 6))
        for _ in range(8)
    ]
    newcomer = EmployeeFactory(manager=boss, department=ops, start_date=datetime.date(2026, 4, 1))
    _leave(team[0], datetime.date(2026, 5, 20), voluntary=True, reason="Relocation")
    _leave(newcomer, datetime.date(2026, 5, 29), voluntary=False, reason="Performance")
    return {"hr": hr, "boss": boss, "team": team, "newcomer": newcomer}


def test_monthly_headcount_leavers_and_rate(company):
    report = turnover_report(company["hr"], months=3, today=TODAY)
    april, may, june = report.months
    assert (april.headcount_start, april.headcount_end) == (10, 10)
    assert (may.headcount_start, may.headcount_end) == (10, 8)
    assert (may.leavers, may.voluntary, may.involuntary) == (2, 1, 1)
    assert may.rate == round(100 * 2 / 9, 1)
    assert june.leavers == 0
    assert june.rate == 0
    assert report.leavers == 2
    assert report.headcount_now == 8


def test_breakdowns_early_turnover_and_reasons(company):
    report = turnover_report(company["hr"], months=3, today=TODAY)
    departments = {group.name: group for group in report.by_department}
    assert departments["Finance T"].leavers == 1
    assert departments["Ops T"].involuntary == 1
    managers = {group.name: group for group in report.by_manager}
    assert managers[str(company["boss"])].leavers == 2
    assert report.early == [(90, 1, 50.0), (180, 1, 50.0), (365, 1, 50.0)]
    assert ("Performance", 0, 1) in report.reasons
    assert ("Relocation", 1, 0) in report.reasons


def test_a_manager_sees_their_own_team_only(company, client):
    other_manager = EmployeeFactory()
    stranger = EmployeeFactory(manager=other_manager, start_date=datetime.date(2025, 1, 1))
    _leave(stranger, datetime.date(2026, 5, 3))
    boss_report = turnover_report(company["boss"].user, months=3, today=TODAY)
    assert boss_report.leavers == 2
    assert boss_report.headcount_now == 7  # nine reports, two of whom left
    other_report = turnover_report(other_manager.user, months=3, today=TODAY)
    assert other_report.leavers == 1
    assert turnover_report(company["hr"], months=3, today=TODAY).leavers == 3
    # Someone with no reports is refused the page.
    client.force_login(company["team"][1].user)
    assert client.get(reverse("people:turnover")).status_code == 403
    assert client.get(reverse("people:turnover_export")).status_code == 403
    client.force_login(other_manager.user)
    page = client.get(reverse("people:turnover")).content.decode()
    assert str(company["boss"]) not in page
    assert "Finance T" not in page


def test_page_and_csv_show_the_same_numbers_and_are_formula_safe(company, client):
    department = Department.objects.create(name="=HYPERLINK(1)")
    _leave(
        EmployeeFactory(department=department, start_date=datetime.date(2025, 1, 1)),
        datetime.date.today(),
    )
    client.force_login(company["hr"])
    page = client.get(reverse("people:turnover"), {"months": "6"})
    assert page.status_code == 200
    assert b"turnover-chart-data" in page.content
    export = client.get(reverse("people:turnover_export"), {"months": "6"})
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode()
    assert "'=HYPERLINK(1)" in text
    assert "\n=HYPERLINK" not in text


def test_csv_rows_follow_the_report(company):
    report = turnover_report(company["hr"], months=3, today=TODAY)
    rows = turnover_csv_rows(report)
    assert rows[2][:5] == ["2026-05-01", 10, 8, 9.0, 2]


def test_query_count_does_not_grow(client, settings):
    settings.REPORT_CACHE_SECONDS = 0  # count the computation, not a cache hit
    client.force_login(UserFactory(roles=[Role.HR]))
    counts = []
    for size in (3, 30):
        for index in range(size):
            employee = EmployeeFactory(start_date=datetime.date(2025, 1, 1))
            if index % 3 == 0:
                _leave(employee, datetime.date.today() - datetime.timedelta(days=index))
        measured = []
        for name in ("people:turnover", "people:turnover_export"):
            client.get(reverse(name))  # warm: the session's first write
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name)).status_code == 200
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[1], counts
    assert max(counts[1]) <= 8, counts


def test_the_report_is_cached_until_people_or_leavings_change(company, settings):
    settings.REPORT_CACHE_SECONDS = 300
    first = turnover_report(company["hr"], months=3, today=TODAY)
    assert turnover_report(company["hr"], months=3, today=TODAY).computed_at == first.computed_at
    _leave(company["team"][3], datetime.date(2026, 6, 1))
    assert turnover_report(company["hr"], months=3, today=TODAY).leavers == 3


def test_the_page_lists_the_25_highest_rates_and_the_csv_all(client, settings):
    """A large company has hundreds of managers: the page keeps to the 25 highest rates (and
    says so), the CSV keeps every one."""
    settings.REPORT_CACHE_SECONDS = 0
    client.force_login(UserFactory(roles=[Role.HR]))
    for _ in range(27):
        boss = EmployeeFactory(start_date=datetime.date(2024, 1, 1))
        EmployeeFactory(manager=boss, start_date=datetime.date(2025, 1, 1))
    page = client.get(reverse("people:turnover")).content.decode()
    table = page.split('data-table="manager"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 25
    shown = re.search(r"The 25 highest rates of (\d+) are shown", page)
    assert shown
    assert int(shown[1]) >= 27
    csv = client.get(reverse("people:turnover_export")).content.decode()
    section = csv.split("Manager,")[1].split("\r\n\r\n")[0].splitlines()[1:]
    assert len(section) >= 27, section
