"""Careers intake (issue 17): the client address of the limit, contact takeover, consent per
application, merging typed details, file names, single-line names."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from recruiting import services
from recruiting.consent import CONSENT_TEXT
from recruiting.models import Application, Candidate
from recruiting.services import intake, retention
from tests.factories.recruiting import (
    ApplicationFactory,
    ApplicationInterviewerFactory,
    CandidateFactory,
    RequisitionFactory,
    RequisitionSkillFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=200)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _form(**overrides):
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
    return data


# --- 17.2: the limit counts the client behind our proxies -----------------------------------


def _apply(client, job, index, **meta):
    return client.post(
        reverse("careers:detail", args=[job.pk]), _form(email=f"p{index}@example.net"), **meta
    )


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    job = RequisitionFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for index in range(5):
        assert (
            _apply(client, job, index, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code
            == 302
        )
    refused = _apply(client, job, 5, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert refused.status_code == 429
    # Another visitor behind the same proxy is not locked out by the first.
    other = _apply(client, job, 6, HTTP_X_FORWARDED_FOR="198.51.100.4", **proxy)
    assert other.status_code == 302
    # Only the hop our proxy wrote counts: a client-written entry on the left changes nothing.
    spoofed = _apply(client, job, 7, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy)
    assert spoofed.status_code == 429


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    job = RequisitionFactory()
    for index in range(5):
        _apply(client, job, index, REMOTE_ADDR="192.0.2.8", HTTP_X_FORWARDED_FOR=f"10.9.9.{index}")
    forged = _apply(client, job, 5, REMOTE_ADDR="192.0.2.8", HTTP_X_FORWARDED_FOR="10.9.9.99")
    assert forged.status_code == 429
    assert Application.objects.count() == 5


# --- 17.4: applying with someone's address changes nothing of theirs ------------------------


@pytest.fixture
def victim():
    return CandidateFactory(
        name="Vera Victim",
        email="vera@example.net",
        phone="+31 20 111 2222",
        location="Leiden",
        links="https://example.org/vera",
        skills="Spreadsheets",
        consent_at=LONG_AGO,
    )


def test_an_application_with_an_existing_address_leaves_the_profile_alone(client, victim):
    job = RequisitionFactory()
    RequisitionSkillFactory(requisition=job, name="Typing")
    response = client.post(
        reverse("careers:detail", args=[job.pk]),
        _form(
            name="Mallory Takeover",
            email="VERA@example.net",
            phone="+1 555 0100",
            location="Elsewhere",
            link="https://evil.example/mallory",
            skills=["Typing"],
        ),
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert (victim.name, victim.phone, victim.location, victim.links, victim.skills) == (
        "Vera Victim",
        "+31 20 111 2222",
        "Leiden",
        "https://example.org/vera",
        "Spreadsheets",
    )
    assert victim.consent_at == LONG_AGO
    application = Application.objects.get(candidate=victim)
    assert application.submitted_details == {
        "name": "Mallory Takeover",
        "phone": "+1 555 0100",
        "location": "Elsewhere",
        "link": "https://evil.example/mallory",
        "skills": ["Typing"],
    }
    assert application.consent_at is not None
    assert application.consent_at > LONG_AGO
    assert application.consent_text == CONSENT_TEXT


def test_a_first_application_fills_the_new_profile_and_records_its_consent(client):
    job = RequisitionFactory()
    client.post(reverse("careers:detail", args=[job.pk]), _form(location="Utrecht"))
    candidate = Candidate.objects.get()
    application = candidate.applications.get()
    assert (candidate.name, candidate.location) == ("Jane Doe", "Utrecht")
    assert candidate.consent_at == application.consent_at
    assert application.consent_text == CONSENT_TEXT
    assert "12 months after the hiring decision" in application.consent_text


@pytest.fixture
def differing(victim, requisition):
    application = services.application_submit(
        requisition=requisition,
        name="Vera V. Victim",
        email="vera@example.net",
        phone="+31 6 9999 0000",
        location="Leiden",
        link="https://example.org/vera-new",
        resume=services.ResumeUpload(
            file=SimpleUploadedFile("cv.pdf", pdf_bytes()),
            filename="cv.pdf",
            content_type="application/pdf",
        ),
        notify_candidate=False,
    )
    return application


def test_the_application_page_shows_what_differs_and_hr_merges_it(client_for, differing, hr_user):
    client = client_for(hr_user)
    page = client.get(reverse("recruiting:application_detail", args=[differing.pk])).content
    html = page.decode()
    assert "Details differ from the profile" in html
    assert "+31 6 9999 0000" in html
    assert "https://example.org/vera-new" in html
    response = client.post(reverse("recruiting:application_details_merge", args=[differing.pk]))
    assert response.status_code == 302
    candidate = Candidate.objects.get(pk=differing.candidate_id)
    assert candidate.name == "Vera V. Victim"
    assert candidate.phone == "+31 6 9999 0000"
    assert candidate.location == "Leiden"
    assert candidate.links.splitlines() == [
        "https://example.org/vera",
        "https://example.org/vera-new",
    ]
    assert candidate.history.first().history_user == hr_user
    differing.refresh_from_db()
    assert differing.details_merged_by == hr_user
    assert differing.details_merged_at is not None
    html = client.get(reverse("recruiting:application_detail", args=[differing.pk])).content
    assert b"Details differ from the profile" not in html
    assert b"merged into the profile by" in html


def test_the_hiring_manager_of_the_job_may_merge(differing, hiring_manager):
    intake.application_details_merge(application=differing, by=hiring_manager)
    assert Candidate.objects.get(pk=differing.candidate_id).phone == "+31 6 9999 0000"


def test_others_may_not_merge(client_for, differing, interviewer, other_hiring_manager):
    ApplicationInterviewerFactory(application=differing, user=interviewer)
    url = reverse("recruiting:application_details_merge", args=[differing.pk])
    assert client_for(interviewer).post(url).status_code == 403
    assert client_for(other_hiring_manager).post(url).status_code == 404
    with pytest.raises(intake.DetailsMergeRefused):
        intake.application_details_merge(application=differing, by=interviewer)
    assert Candidate.objects.get(pk=differing.candidate_id).phone == "+31 20 111 2222"
    html = (
        client_for(interviewer)
        .get(reverse("recruiting:application_detail", args=[differing.pk]))
        .content
    )
    assert b"Merge into the profile" not in html


def test_nothing_to_merge_is_refused(differing, hr_user):
    intake.application_details_merge(application=differing, by=hr_user)
    with pytest.raises(intake.DetailsMergeRefused, match="already match"):
        intake.application_details_merge(application=differing, by=hr_user)


# --- Retention: the clock, and erasure of what the application kept -------------------------


def _age(application, days):
    moment = timezone.now() - datetime.timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(
        applied_at=moment, stage_changed_at=moment, consent_at=moment
    )
    Candidate.objects.filter(pk=application.candidate_id).update(created_at=moment)


def test_the_clock_runs_from_the_candidates_own_last_application(settings, differing):
    settings.CANDIDATE_RETENTION_DAYS = 365
    old = ApplicationFactory(candidate=differing.candidate, stage=Application.Stage.REJECTED)
    _age(old, 400)
    _age(differing, 400)
    # The profile's first consent is no clock of its own: only applications and their process.
    Candidate.objects.filter(pk=differing.candidate_id).update(consent_at=timezone.now())
    assert list(retention.candidates_past_retention()) == [differing.candidate]
    # A newer application (with its own consent) keeps the data for its own period.
    Application.objects.filter(pk=differing.pk).update(applied_at=timezone.now())
    assert list(retention.candidates_past_retention()) == []


def test_erasure_removes_the_details_and_consent_kept_on_applications(differing, hr_user):
    retention.candidate_anonymise(candidate=differing.candidate, by=hr_user)
    differing.refresh_from_db()
    assert differing.submitted_details == {}
    assert differing.consent_text == ""
    assert "Vera" not in str(Application.history.filter(id=differing.pk).values_list())


# --- 17.5: stored and served under the real type's extension --------------------------------


@pytest.mark.parametrize(
    ("typed", "served"),
    [
        ("Resume.pdf.hta", "Resume.pdf"),
        ("cv.pdf.exe", "cv.pdf"),
        ("cv", "cv.pdf"),
        (".js", "document.pdf"),
    ],
)
def test_a_resume_is_stored_and_served_as_what_it_is(
    client_for, requisition, hr_user, typed, served
):
    application = services.application_submit(
        requisition=requisition,
        name="Jane Doe",
        email="jane@example.net",
        resume=services.ResumeUpload(
            file=SimpleUploadedFile(typed, pdf_bytes()),
            filename=typed,
            content_type="application/pdf",
        ),
        notify_candidate=False,
    )
    assert application.resume_filename == served
    assert application.resume.name.endswith(".pdf")
    response = client_for(hr_user).get(
        reverse("recruiting:application_resume", args=[application.pk])
    )
    assert response["Content-Disposition"] == f'attachment; filename="{served}"'
    assert response["Content-Type"] == "application/pdf"


def test_an_old_row_with_a_dangerous_name_is_served_with_the_types_extension(
    client_for, application, hr_user
):
    Application.objects.filter(pk=application.pk).update(resume_filename="evil.html")
    response = client_for(hr_user).get(
        reverse("recruiting:application_resume", args=[application.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'


def test_attachments_are_named_after_their_type(application, hr_user):
    attachment = services.application_attachment_add(
        application=application,
        uploaded_by=hr_user,
        upload=services.ResumeUpload(
            file=SimpleUploadedFile("notes.txt.bat", b"plain notes"),
            filename="notes.txt.bat",
            content_type="text/plain; charset=utf-8",
        ),
    )
    assert attachment.filename == "notes.txt"
    assert attachment.file.name.endswith(".txt")


# --- 17.7: names are one line everywhere ----------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Jane\nBcc: x@example.net", "Jane\rDoe", "Jane\u2028Doe", "Jane\x00"]
)
def test_the_careers_form_refuses_a_name_of_more_than_one_line(client, name):
    job = RequisitionFactory()
    response = client.post(reverse("careers:detail", args=[job.pk]), _form(name=name))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_the_service_refuses_a_name_with_a_line_break(requisition):
    with pytest.raises(services.InvalidCandidateName):
        services.application_submit(
            requisition=requisition,
            name="Jane\nDoe",
            email="jane@example.net",
            resume=services.ResumeUpload(
                file=SimpleUploadedFile("cv.pdf", pdf_bytes()),
                filename="cv.pdf",
                content_type="application/pdf",
            ),
        )
    assert not Application.objects.exists()


def test_the_model_refuses_a_line_break_in_a_name(victim):
    victim.name = "Vera\nVictim"
    with pytest.raises(ValidationError):
        victim.full_clean()


def test_the_admin_refuses_a_line_break_in_a_name(client_for, hr_user, victim):
    url = reverse("admin:recruiting_candidate_change", args=[victim.pk])
    client = client_for(hr_user)
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data["name"] = "Vera\nVictim"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "one line of plain text" in response.content.decode()
    victim.refresh_from_db()
    assert victim.name == "Vera Victim"


def test_the_admin_shows_but_never_edits_what_the_application_recorded(
    client_for, differing, hr_user
):
    response = client_for(hr_user).get(
        reverse("admin:recruiting_application_change", args=[differing.pk])
    )
    assert response.status_code == 200
    editable = set(response.context["adminform"].form.fields)
    recorded = {"submitted_details", "consent_at", "consent_text", "details_merged_at"}
    assert not editable & recorded
    assert CONSENT_TEXT in response.content.decode()


def test_the_repeat_notice_is_written_to_the_outbox_once_a_day_per_application():
    """Anyone can type anyone's address into the form: its owner hears it at most once a day."""
    import time_machine

    from backoffice.notifications.models import OutboxMessage

    job = RequisitionFactory(title="Data-Entry Clerk")
    application = ApplicationFactory(
        requisition=job, candidate=CandidateFactory(email="jane@example.net")
    )
    assert intake.already_applied_notice(requisition=job, email=" JANE@example.net ")
    assert intake.already_applied_notice(requisition=job, email="jane@example.net")
    [row] = OutboxMessage.objects.all()
    assert row.to == ["jane@example.net"]
    assert row.key.startswith(f"recruiting.already_applied:{application.pk}:")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        intake.already_applied_notice(requisition=job, email="jane@example.net")
    assert OutboxMessage.objects.count() == 2
    assert not intake.already_applied_notice(requisition=job, email="nobody@example.net")
