"""Candidates from elsewhere: HR's CSV import (issue 23, point 5)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recruiting.forms.imports import CandidateImportForm
from recruiting.models import Application, Candidate, Requisition, StageEvent, Tag
from recruiting.services.imports import IMPORT_MAX_ROWS, ImportMode, candidates_import
from tests.factories.recruiting import ApplicationFactory, CandidateFactory, RequisitionFactory

pytestmark = pytest.mark.django_db

HEADER = "name,email,phone,source,requisition,stage,tags"


def _csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_good_rows_become_candidates_with_applications_at_their_stage(hr_user, requisition):
    other = RequisitionFactory(title="Bookkeeper")
    Tag.objects.create(name="Dutch")
    text = _csv(
        f"Maria Jansen,Maria@Example.org,+31 6 1111 2222,Job fair,{requisition.title},,dutch;fair",
        f"Tom de Wit,tom@example.org,,,{other.pk},Screening,agency | fair",
        "Sara Bakker,sara@example.org,,Referral,bookkeeper,interview,",
    )
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.ALL_OR_NOTHING)
    assert (report.rows, report.imported, report.errors, report.duplicates) == (3, 3, [], [])
    maria = Candidate.objects.get(email="maria@example.org")
    assert (maria.name, maria.phone, maria.source) == (
        "Maria Jansen",
        "+31 6 1111 2222",
        "Job fair",
    )
    assert sorted(maria.tags.values_list("name", flat=True)) == ["Dutch", "fair"]
    tom = Application.objects.get(candidate__email="tom@example.org")
    assert (tom.requisition, tom.stage, tom.source) == (other, "screening", "CSV import")
    assert tom.owner == other.hiring_manager
    assert sorted(tom.candidate.tags.values_list("name", flat=True)) == ["agency", "fair"]
    assert Tag.objects.filter(name__iexact="fair").count() == 1
    events = list(
        StageEvent.objects.filter(application=tom).values_list("from_stage", "to_stage", "by")
    )
    assert events == [("", "screening", hr_user.pk)]
    sara = Application.objects.get(candidate__email="sara@example.org")
    assert (sara.requisition, sara.stage) == (other, "interview")
    # Not news for the manager's digest of new applications.
    assert sara.manager_notified_at is not None


def test_an_existing_candidate_is_a_duplicate_and_their_profile_stays(hr_user, requisition):
    existing = CandidateFactory(name="Jane Doe", email="jane@example.net", phone="+31 1")
    ApplicationFactory(candidate=existing)
    text = _csv(
        f"Mallory Takeover,JANE@example.net,+31 666,Evil,{requisition.pk},,",
        f"New Person,new@example.org,,,{requisition.pk},,",
        f"New Person again,new@example.org,,,{requisition.pk},,",
    )
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.GOOD_ROWS)
    assert report.imported == 1
    assert [line for line, _ in report.duplicates] == [2, 4]
    assert "already a candidate" in report.duplicates[0][1]
    assert "line 3" in report.duplicates[1][1]
    existing.refresh_from_db()
    assert (existing.name, existing.phone) == ("Jane Doe", "+31 1")
    assert not existing.applications.filter(requisition=requisition).exists()
    assert Candidate.objects.get(email="new@example.org").name == "New Person"


def test_bad_rows_are_reported_by_line_and_refused_stages_explained(hr_user, requisition):
    closed = RequisitionFactory(title="Old job", status=Requisition.Status.FILLED)
    text = _csv(
        f"Hired Harry,harry@example.org,,,{requisition.pk},hired,",
        f"Rejected Rita,rita@example.org,,,{requisition.pk},rejected,",
        f"Odd Otto,otto@example.org,,,{requisition.pk},limbo,",
        f"Closed Clara,clara@example.org,,,{closed.pk},,",
        "Nobody Nina,nina@example.org,,,No such job,,",
        f"Bad Bert,not-an-email,,,{requisition.pk},,",
        f'"Two\nLines",lines@example.org,,,{requisition.pk},,',
        f",noname@example.org,,,{requisition.pk},,",
        f"Good Greta,greta@example.org,,,{requisition.pk},offer,",
    )
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.ALL_OR_NOTHING)
    messages = dict(report.errors)
    # A record over two lines is reported at the line where it ends, as a CSV reader counts.
    assert sorted(messages) == [2, 3, 4, 5, 6, 7, 9, 10]
    assert "hired only when they accept an offer" in messages[2]
    assert "reject or withdraw them with a reason" in messages[3]
    assert "not a stage" in messages[4]
    assert "not open" in messages[5]
    assert "No requisition" in messages[6]
    assert "not an email address" in messages[7]
    assert "one line" in messages[9]
    assert "name is missing" in messages[10]
    # All or nothing: not even the good row went in.
    assert report.imported == 0
    assert not Candidate.objects.exists()
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.GOOD_ROWS)
    assert report.imported == 1
    assert Application.objects.get().stage == "offer"
    assert not Application.objects.filter(stage="hired").exists()


def test_a_header_without_the_required_columns_imports_nothing(hr_user):
    report = candidates_import(text="who,where\nx,y\n", by=hr_user, mode=ImportMode.GOOD_ROWS)
    assert report.rows == 0
    assert report.errors[0][0] == 1
    assert "name, email" in report.errors[0][1]


def _upload(text: str, name="candidates.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_form_refuses_more_rows_than_the_cap():
    text = (
        HEADER + "\n" + "".join(f"P,p{n}@example.org,,,1,,\n" for n in range(IMPORT_MAX_ROWS + 1))
    )
    form = CandidateImportForm({"mode": ImportMode.GOOD_ROWS}, {"file": _upload(text)})
    assert not form.is_valid()
    assert "At most 10,000 rows" in form.errors["file"][0]


def test_import_page_shows_the_report_and_its_formula_safe_download(client, hr_user, requisition):
    client.force_login(hr_user)
    assert client.get(reverse("recruiting:candidate_import")).status_code == 200
    text = _csv(
        f'=HYPERLINK("http://evil"),a@example.org,,,{requisition.pk},hired,',
        f"Fine Person,fine@example.org,,,{requisition.pk},,",
    )
    response = client.post(
        reverse("recruiting:candidate_import"),
        {"file": _upload(text), "mode": ImportMode.GOOD_ROWS},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported 1 of 2 rows" in page
    assert "hired only when they accept an offer" in page
    download = client.get(reverse("recruiting:candidate_import_report"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["line", "outcome", "problem"]
    assert rows[1][:2] == ["2", "bad row"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


def test_import_page_without_a_file_is_422(client, hr_user):
    client.force_login(hr_user)
    response = client.post(reverse("recruiting:candidate_import"), {"mode": ImportMode.GOOD_ROWS})
    assert response.status_code == 422


def test_example_csv_names_the_open_jobs_and_imports_cleanly(client, hr_user, requisition):
    RequisitionFactory(title="Secret draft", status=Requisition.Status.DRAFT)
    client.force_login(hr_user)
    response = client.get(reverse("recruiting:candidate_import_example"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert requisition.title in text
    assert "Secret draft" not in text
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.ALL_OR_NOTHING)
    assert (report.imported, report.errors, report.duplicates) == (3, [], [])


@pytest.mark.parametrize(
    "url_name",
    [
        "recruiting:candidate_import",
        "recruiting:candidate_import_example",
        "recruiting:candidate_import_report",
    ],
)
def test_only_hr_reaches_the_import(client, url_name, hiring_manager, interviewer, employee_user):
    url = reverse(url_name)
    assert client.get(url).status_code == 302  # anonymous: to sign-in
    for user in (hiring_manager, interviewer, employee_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    assert client.post(reverse("recruiting:candidate_import")).status_code == 403
    assert not Candidate.objects.exists()


def test_report_download_refuses_post(client, hr_user):
    client.force_login(hr_user)
    assert client.post(reverse("recruiting:candidate_import_report")).status_code == 405
    assert client.delete(reverse("recruiting:candidate_import")).status_code == 405


def _rows(requisitions, count: int, start: int = 0) -> str:
    stages = ["", "screening", "interview", "hired"]
    return _csv(
        *(
            f"Person {n},person{n}@example.org,+31 6 {n:08d},Fair,{requisitions[n % 3].pk},"
            f"{stages[n % 4]},tag{n % 5};common"
            for n in range(start, start + count)
        )
    )


def test_import_queries_do_not_grow_with_the_rows(client, hr_user):
    requisitions = RequisitionFactory.create_batch(3)
    CandidateFactory(email="person1@example.org")  # one duplicate in each file
    client.force_login(hr_user)
    counted = []
    for count in (10, 400):
        text = _rows(requisitions, count, start=0 if count == 10 else 1000)
        text = text.replace("person1000@", "person1@")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                reverse("recruiting:candidate_import"),
                {"file": _upload(text), "mode": ImportMode.GOOD_ROWS},
            )
        report = response.context["report"]
        assert report.rows == count
        assert len(report.duplicates) == 1
        assert report.imported == count - 1 - len(report.errors)
        sql = [query["sql"] for query in queries.captured_queries]
        inserts = [text for text in sql if text.startswith("INSERT")]
        counted.append((len(sql) - len(inserts), len(inserts)))
    # The first file also creates the tags; the second finds them. Rows are inserted in
    # batches: one INSERT per table on PostgreSQL, a few more on SQLite (999 parameters a
    # statement), never one per row.
    (small_other, _), (large_other, large_inserts) = counted
    assert large_other <= small_other, counted
    assert small_other <= 20, counted
    assert large_inserts <= 20, counted


def test_a_job_closing_during_the_import_imports_nothing(hr_user, requisition, monkeypatch):
    from recruiting.services import imports

    real_lookups = imports._lookups

    def lookups_then_close(rows):
        found = real_lookups(rows)
        Requisition.objects.filter(pk=requisition.pk).update(status=Requisition.Status.FILLED)
        return found

    monkeypatch.setattr(imports, "_lookups", lookups_then_close)
    text = _csv(f"Late Larry,larry@example.org,,,{requisition.pk},,")
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.GOOD_ROWS)
    assert report.imported == 0
    assert "no longer open" in report.errors[0][1]
    assert not Candidate.objects.exists()


def test_someone_applying_during_the_import_imports_nothing(hr_user, requisition, monkeypatch):
    from recruiting.services import imports

    real_lookups = imports._lookups

    def lookups_then_apply(rows):
        found = real_lookups(rows)
        CandidateFactory(email="larry@example.org", name="Larry Himself")
        return found

    monkeypatch.setattr(imports, "_lookups", lookups_then_apply)
    text = _csv(f"Late Larry,LARRY@example.org,,,{requisition.pk},,")
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.GOOD_ROWS)
    assert report.imported == 0
    assert "became a candidate" in report.errors[0][1]
    assert Candidate.objects.get().name == "Larry Himself"
