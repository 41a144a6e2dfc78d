"""The company-wide reports are refreshed in the background after the changes that feed them,
so that a page normally only reads the cache (backoffice/core/report_refresh.py)."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice.core import report_refresh
from backoffice.core.report_refresh import PENDING_KEY, reports_refresh, reports_refresh_soon
from backoffice.people.models import LeavingReason
from backoffice.people.roles import Role
from backoffice.people.services import leaving_record
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
REPORT_PAGES = (
    "/people/turnover/",
    "/people/turnover/?months=24",
    "/performance/reports/hiring-signals/",
)


@pytest.fixture
def refresh_on(settings):
    settings.REPORT_REFRESH = True
    settings.REPORT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _report_queries(queries) -> list[str]:
    # Both reports count in one query over a materialised CTE; the fingerprints do not.
    return [query["sql"] for query in queries if "MATERIALIZED" in query["sql"]]


def test_a_recorded_leaving_refreshes_the_reports_before_anyone_looks(
    refresh_on, client, django_capture_on_commit_callbacks
):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the dev default: the refresh runs in-process
    hr = UserFactory(roles=[Role.HR])
    for _ in range(3):
        EmployeeFactory(start_date=datetime.date(2024, 1, 1))
    leaver = EmployeeFactory(start_date=datetime.date(2024, 1, 1))
    client.force_login(hr)
    client.get("/people/leavers/")  # the session's first write is not the report's

    with django_capture_on_commit_callbacks(execute=True):  # as in production: outbox, task
        leaving_record(
            employee=leaver,
            last_day=timezone.localdate(),
            is_voluntary=True,
            reason=LeavingReason.objects.get(name="Relocation"),
            by=hr,
        )

    for path in REPORT_PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        assert _report_queries(queries) == [], path  # read from the cache, not computed
    report = client.get("/people/turnover/").context["report"]
    assert report.leavers == 1
    assert report.headcount_now == 4


def test_the_cached_page_reads_the_fingerprint_and_the_session_only(refresh_on, client):
    hr = UserFactory(roles=[Role.HR])
    EmployeeFactory(start_date=datetime.date(2024, 1, 1))
    client.force_login(hr)
    client.get("/people/leavers/")
    reports_refresh()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/turnover/").status_code == 200
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0] for query in queries]
    # The session (with its user), the user's groups (HR?), and the report's fingerprint.
    assert len(queries) <= 3, tables
    assert _report_queries(queries) == []


def test_a_page_whose_entry_is_missing_still_computes_it(refresh_on, client):
    client.force_login(UserFactory(roles=[Role.HR]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/turnover/").status_code == 200
    assert len(_report_queries(queries)) == 1


def test_a_burst_of_changes_queues_one_refresh(refresh_on, monkeypatch):
    queued = []
    monkeypatch.setattr(report_refresh, "_cache_shared_with_pages", lambda: True)
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(
        "backoffice.celery.enqueue", lambda task, countdown=None: queued.append(countdown) or True
    )
    assert [reports_refresh_soon() for _ in range(100)].count(True) == 1
    assert queued == [settings.REPORT_REFRESH_DELAY_SECONDS]
    reports_refresh()  # the task drops the mark before it reads: the next change queues again
    assert reports_refresh_soon() is True
    assert len(queued) == 2


def test_a_broker_that_is_down_leaves_no_mark(refresh_on, monkeypatch):
    monkeypatch.setattr(report_refresh, "_cache_shared_with_pages", lambda: True)
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr("backoffice.celery.enqueue", lambda task, countdown=None: False)
    assert reports_refresh_soon() is False
    assert cache.get(PENDING_KEY) is None


def test_a_cache_local_to_each_process_queues_nothing(refresh_on, monkeypatch):
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)  # a worker elsewhere
    assert "LocMemCache" in settings.CACHES["default"]["BACKEND"]
    assert reports_refresh_soon() is False


def test_the_refresh_runs_after_midnight_and_on_the_events():
    from backoffice.notifications.events import event_handlers

    entry = settings.CELERY_BEAT_SCHEDULE["reports-refresh"]
    assert entry["task"] == "backoffice.core.tasks.reports_refresh_task"
    assert entry["schedule"].hour == {0}
    for event in ("employee_hired", "employee_leaving", "employee_leaving_moved",
                  "employee_leaving_cancelled", "employee_left"):  # fmt: skip
        assert "reports.refresh" in [handler.handler_id for handler in event_handlers(event)]
    assert set(report_refresh._refreshers) == {"turnover", "hiring_signals"}
