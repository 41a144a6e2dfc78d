"""Hostile input through the forms: shown as text everywhere, refused with a message when it
cannot be stored, and never able to set fields the form does not offer."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice.core.filenames import clean_filename
from backoffice.core.uploads import clean_filename as resume_filename
from backoffice.notifications.services.outbox import outbox_relay_due
from backoffice.people.models import Department
from onboarding.services import document_validate
from performance.models import Feedback, Goal
from recruiting import services as recruiting_services
from recruiting.models import Application, ApplicationNote, Candidate, Requisition
from tests.factories.people import DepartmentFactory, EmployeeFactory, RoleFamilyFactory
from tests.factories.recruiting import ApplicationFactory, RequisitionFactory, pdf_bytes

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
HANDLER = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","x")'
RTL = "Ann\u202egnp.exe"
ZERO_WIDTH = "Zero\u200bWidth"
# What may never appear raw in a page or an HTML email.
RAW_MARKUP = ("<script>alert", "<img src=x onerror", "onerror=alert(1)>")
CORPUS = [SCRIPT, HANDLER, FORMULA, RTL, ZERO_WIDTH]


def assert_no_raw_markup(html: str, where: str = "") -> None:
    found = [raw for raw in RAW_MARKUP if raw in html]
    assert not found, f"{where}: unescaped {found}"


def _apply(client, job, **overrides):
    data = {
        "name": "Jane Doe",
        "email": "jane@example.net",
        "phone": "+31 6 1234 5678",
        "cover_letter": "I keep tidy records.",
        "years_experience": "5",
        "source": "Job board",
        "consent": "on",
        "website": "",
        "resume": SimpleUploadedFile("jane-cv.pdf", pdf_bytes(), content_type="application/pdf"),
    }
    data.update(overrides)
    return client.post(reverse("careers:detail", args=[job.pk]), data)


@pytest.mark.parametrize("payload", CORPUS, ids=["script", "handler", "formula", "rtl", "zw"])
def test_a_hostile_application_is_text_everywhere_it_appears(
    client, client_for, hr_user, payload, django_capture_on_commit_callbacks
):
    job = RequisitionFactory(title="Records Clerk")
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client, job, name=payload, location=payload, cover_letter=payload)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.candidate.name == payload  # stored as typed, shown escaped

    hr = client_for(hr_user)
    pages = {
        "application page": reverse("recruiting:application_detail", args=[application.pk]),
        "candidate list": reverse("recruiting:candidate_list"),
        "board": reverse("recruiting:requisition_board", args=[job.pk]),
        "admin list": reverse("admin:recruiting_candidate_changelist"),
        "admin page": reverse("admin:recruiting_candidate_change", args=[application.candidate_id]),
    }
    for where, url in pages.items():
        page = hr.get(url)
        assert page.status_code == 200, where
        assert_no_raw_markup(page.content.decode(), where)

    # Emails: the candidate's confirmation and the manager's digest.
    recruiting_services.new_applications_digest_send()
    outbox_relay_due(seconds=10)  # the digest is written to the outbox; the relay sends it
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_no_raw_markup(message.alternatives[0][0], message.subject)

    # The CSV export: a formula is neutralised, nothing else is altered.
    export = hr.get(reverse("recruiting:candidate_export"))
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    name_cell = rows[1][0]
    assert not name_cell.startswith(("=", "+", "-", "@"))
    assert name_cell.lstrip("'") == payload


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Jane\x00Doe", "Null characters are not allowed"),
        ("cover_letter", "x\x00y", "Null characters are not allowed"),
        ("name", "J" * 10_000, "at most 150 characters"),
        ("cover_letter", "c" * 100_000, "at most 5000 characters"),
    ],
)
def test_null_bytes_and_overlong_input_get_a_form_error(client, field, value, message):
    job = RequisitionFactory()
    response = _apply(client, job, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Candidate.objects.exists()


def test_the_careers_form_ignores_fields_it_does_not_offer(client):
    job = RequisitionFactory()
    intruder = EmployeeFactory().user
    _apply(
        client,
        job,
        stage="hired",
        owner=intruder.pk,
        status="approved",
        approved="1",
        is_staff="1",
        anonymised_at="2020-01-01",
    )
    application = Application.objects.get()
    assert application.stage == Application.Stage.APPLIED
    assert application.owner == job.hiring_manager
    assert application.candidate.anonymised_at is None


def test_the_requisition_form_ignores_status_and_escapes_its_text(client_for, hiring_manager):
    client = client_for(hiring_manager)
    response = client.post(
        reverse("recruiting:requisition_create"),
        {
            "title": SCRIPT,
            "department": DepartmentFactory(name="Finance").pk,
            "role_family": RoleFamilyFactory(slug="payroll-clerk").pk,
            "headcount": "1",
            "employment_type": "full_time",
            "location": HANDLER,
            "remote_option": "hybrid",
            "salary_currency": "EUR",
            "description": f"Hello {SCRIPT} {HANDLER}",
            "status": "open",
            "approved": "1",
            "opened_at": "2020-01-01T00:00",
        },
    )
    assert response.status_code == 302
    requisition = Requisition.objects.get()
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.opened_at is None
    assert requisition.hiring_manager == hiring_manager
    for url in (
        reverse("recruiting:requisition_board", args=[requisition.pk]),
        reverse("recruiting:requisition_edit", args=[requisition.pk]),
        reverse("recruiting:landing"),
    ):
        assert_no_raw_markup(client.get(url).content.decode(), url)


def test_notes_are_shown_as_text_and_null_bytes_refused(client_for, hr_user):
    application = ApplicationFactory()
    client = client_for(hr_user)
    url = reverse("recruiting:application_note_add", args=[application.pk])
    client.post(url, {"body": f"{SCRIPT} {HANDLER} {RTL}"})
    page = client.get(reverse("recruiting:application_detail", args=[application.pk]))
    assert_no_raw_markup(page.content.decode(), "notes")
    assert "&lt;script&gt;" in page.content.decode()

    response = client.post(url, {"body": "bad\x00note"})
    assert response.status_code < 500
    assert ApplicationNote.objects.count() == 1


def test_feedback_is_shown_as_text_and_cannot_pick_its_giver(client_for):
    manager = EmployeeFactory()
    report = EmployeeFactory(manager=manager)
    colleague = EmployeeFactory()
    client = client_for(colleague.user)
    client.post(
        reverse("performance:feedback"),
        {
            "recipient": report.pk,
            "kind": "praise",
            "visibility": "recipient",
            "text": f"{SCRIPT} {HANDLER}",
            "giver": manager.user.pk,
        },
    )
    feedback = Feedback.objects.get()
    assert feedback.giver == colleague.user
    for user in (report.user, manager.user):
        page = client_for(user).get(reverse("performance:feedback"))
        assert_no_raw_markup(page.content.decode(), f"feedback page of {user}")

    refused = client.post(
        reverse("performance:feedback"),
        {"recipient": report.pk, "kind": "praise", "visibility": "recipient", "text": "a\x00b"},
    )
    assert refused.status_code == 422
    assert Feedback.objects.count() == 1


def test_goals_are_shown_as_text_and_cannot_be_approved_by_their_author(client_for):
    manager = EmployeeFactory()
    report = EmployeeFactory(manager=manager)
    client = client_for(report.user)
    response = client.post(
        reverse("performance:goal_new", args=[report.pk]),
        {
            "title": SCRIPT,
            "description": HANDLER,
            "due_date": "2030-01-31",
            "weight": "20",
            "progress_kind": "percent",
            "status": "approved",
            "approved": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    goal = Goal.objects.get()
    assert goal.status == Goal.Status.PROPOSED
    for user in (report.user, manager.user):
        page = client_for(user).get(reverse("performance:goal_detail", args=[goal.pk]))
        assert_no_raw_markup(page.content.decode(), "goal page")


@pytest.mark.parametrize(
    "name",
    [
        "<img src=x onerror=alert(1)>.pdf",
        "cv\u202efdp.exe",
        "cv\u200b.pdf",
        "cv\x00.pdf",
    ],
)
def test_markup_and_invisible_characters_in_file_names_are_refused_everywhere(name):
    with pytest.raises(ValidationError):
        clean_filename(name)
    with pytest.raises(ValidationError):
        resume_filename(name)
    with pytest.raises(ValidationError):
        document_validate(SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf"))


def test_an_onboarding_upload_of_html_is_refused():
    page = SimpleUploadedFile("notes.txt", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError):
        document_validate(page)


@pytest.mark.parametrize("payload", [SCRIPT, HANDLER])
def test_admin_add_forms_store_text_and_show_it_escaped(client_for, hr_user, payload):
    client = client_for(hr_user)
    response = client.post(
        reverse("admin:people_department_add"), {"name": payload, "description": payload}
    )
    assert response.status_code == 302
    department = Department.objects.get(name=payload)
    for url in (
        reverse("admin:people_department_changelist"),
        reverse("admin:people_department_history", args=[department.pk]),
    ):
        assert_no_raw_markup(client.get(url).content.decode(), url)


def test_admin_add_forms_refuse_null_bytes_with_a_message(client_for, hr_user):
    before = Department.objects.count()
    response = client_for(hr_user).post(
        reverse("admin:people_department_add"), {"name": "Fin\x00ance", "description": ""}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()
    assert Department.objects.count() == before


def test_a_path_in_an_uploaded_name_never_reaches_the_disk():
    assert clean_filename("report.pdf") == "report.pdf"
    with pytest.raises(ValidationError):
        clean_filename("../../etc/passwd")


# --- `next` stays on this site ---------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "https:evil.example",
        "javascript:alert(1)",
    ],
)
def test_sign_in_never_redirects_off_site(client, target):
    user = EmployeeFactory().user
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": user.email, "password": "correct-horse-battery", "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/"), location
    assert not location.startswith(("//", "/\\")), location

    again = client.get(reverse("login"), {"next": target})  # already signed in
    assert again.status_code == 302
    assert again["Location"].startswith("/")
    assert "evil" not in again["Location"]


def test_sign_in_follows_a_next_on_this_site(client):
    user = EmployeeFactory().user
    response = client.post(
        reverse("login"),
        {"username": user.email, "password": "correct-horse-battery", "next": "/performance/"},
    )
    assert response["Location"] == "/performance/"


def test_rejection_and_stage_emails_show_a_hostile_name_as_text(hr_user):
    from tests.factories.recruiting import RejectionReasonFactory

    application = ApplicationFactory(candidate__name=SCRIPT, requisition__title=HANDLER)
    # HR moves a card in someone else's requisition: the stage notice is written with the move.
    recruiting_services.application_move(
        application=application, to_stage=Application.Stage.SCREENING, by=hr_user
    )
    recruiting_services.application_reject(
        application=application, by=hr_user, reason=RejectionReasonFactory()
    )
    recruiting_services.rejection_emails_send_due(now=timezone.now() + datetime.timedelta(hours=1))
    outbox_relay_due(seconds=10)
    # The stage notices (screening, rejected) and the rejection email.
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert_no_raw_markup(message.alternatives[0][0], message.subject)
