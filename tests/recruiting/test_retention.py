"""Retention and erasure: nothing personal of an erased candidate remains, counts do."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.services.outbox import outbox_relay_due
from recruiting import services, tasks
from recruiting.models import (
    Application,
    ApplicationNote,
    Candidate,
    Scorecard,
    ScorecardRating,
    StageEvent,
)
from recruiting.services import retention
from tests.factories.recruiting import (
    ApplicationFactory,
    InterviewFactory,
    OfferFactory,
    RequisitionFactory,
    ScorecardCriterionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quill@example.net"
PHONE = "+44 7700 900 123"


def _text_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and field.concrete
    ]


def personal_data_left(*needles: str) -> list[str]:
    """Every model (historical models included) whose text fields still hold a needle."""
    found = []
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields:
            continue
        condition = Q()
        for field in fields:
            for needle in needles:
                condition |= Q(**{f"{field}__icontains": needle})
        if model._default_manager.filter(condition).exists():
            found.append(model._meta.label)
    return found


def files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def applicant(hr_user, client_for):
    """A candidate who applied through the real path, with a note, an attachment, a rejection
    note naming them, a tag and an admin edit: personal data in every place it can live."""
    requisition = RequisitionFactory(title="Records Clerk")
    application = services.application_submit(
        requisition=requisition,
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        cover_letter=f"I am {NAME}; call me on {PHONE}.",
        location="Lyon",
        link="https://example.net/zephyrine",
        skills=["Filing"],
        resume=services.ResumeUpload(
            file=SimpleUploadedFile("cv.pdf", pdf_bytes(NAME)),
            filename=f"{NAME} CV.pdf",
            content_type="application/pdf",
        ),
        notify_candidate=False,
    )
    services.application_note_add(application=application, author=hr_user, body=f"{NAME} is keen")
    services.application_attachment_add(
        application=application,
        uploaded_by=hr_user,
        upload=services.ResumeUpload(
            file=SimpleUploadedFile("x.pdf", pdf_bytes(NAME)),
            filename=f"{NAME} references.pdf",
            content_type="application/pdf",
        ),
    )
    services.candidates_tag(applications=[application], tag_name="Keen")
    services.application_move(
        application=application,
        to_stage=Application.Stage.SCREENING,
        by=hr_user,
        note=f"Phoned {NAME}",
    )
    # Interviewers write about the person; an offer's history keeps its versions.
    interview = InterviewFactory(application=application, interviewers=[hr_user])
    scorecard = Scorecard.objects.create(
        interview=interview, application=application, interviewer=hr_user, summary=f"{NAME} shone"
    )
    criterion = ScorecardCriterionFactory()
    ScorecardRating.objects.create(
        scorecard=scorecard, criterion=criterion, rating=3, note=f"{NAME} typed fast"
    )
    offer = OfferFactory(application=application)
    offer.salary = 41000
    offer.save()
    # An admin edit leaves the candidate's name in the admin log.
    client = client_for(hr_user)
    url = reverse("admin:recruiting_candidate_change", args=[application.candidate_id])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "tags"}
    data.update(location="Lyon, France")
    assert client.post(url, data).status_code == 302
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    application.refresh_from_db()
    return application


def test_the_fixture_puts_personal_data_everywhere(applicant):
    left = personal_data_left(NAME, EMAIL, PHONE)
    assert {
        "recruiting.Candidate",
        "recruiting.HistoricalCandidate",
        "recruiting.HistoricalApplication",
        "recruiting.ApplicationNote",
        "recruiting.StageEvent",
        "recruiting.Scorecard",
        "recruiting.ScorecardRating",
        "admin.LogEntry",
    } <= set(left)
    assert len(files_on_disk()) == 2


def test_erasure_leaves_nothing_personal_in_any_table_or_on_disk(
    applicant, hr_user, django_capture_on_commit_callbacks
):
    other = ApplicationFactory(requisition=applicant.requisition, candidate__name="Other Person")
    with django_capture_on_commit_callbacks(execute=True):
        retention.candidate_anonymise(candidate=applicant.candidate, by=hr_user)

    assert personal_data_left(NAME, EMAIL, PHONE, "Zephyrine", "Quillfeather") == []
    # Only the other candidate's resume is left on disk.
    assert [path.name for path in files_on_disk()] == [Path(other.resume.name).name]

    candidate = Candidate.objects.get(pk=applicant.candidate_id)
    assert candidate.name == f"Anonymised candidate #{candidate.pk}"
    assert candidate.phone == candidate.location == candidate.links == candidate.skills == ""
    assert not candidate.tags.exists()
    assert candidate.anonymised_at is not None
    # The erasure itself is the one history row left, with who did it.
    assert [row.history_user for row in candidate.history.all()] == [hr_user]


def test_a_failed_erasure_keeps_rows_and_files(
    applicant, hr_user, monkeypatch, django_capture_on_commit_callbacks
):
    def fail(*args):
        raise RuntimeError("admin log unavailable")

    monkeypatch.setattr(retention, "_scrub_admin_log", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        retention.candidate_anonymise(candidate=applicant.candidate, by=hr_user)
    assert len(files_on_disk()) == 2
    assert Candidate.objects.get(pk=applicant.candidate_id).name == NAME


def test_erasure_keeps_what_reports_count(applicant, hr_user):
    events_before = StageEvent.objects.filter(application=applicant).count()
    retention.candidate_anonymise(candidate=applicant.candidate, by=hr_user)
    application = Application.objects.get(pk=applicant.pk)
    assert application.stage == Application.Stage.SCREENING
    assert application.source == applicant.source
    assert application.applied_at == applicant.applied_at
    assert application.requisition_id == applicant.requisition_id
    assert StageEvent.objects.filter(application=applicant).count() == events_before
    assert not ApplicationNote.objects.filter(application=applicant).exists()


def test_a_hired_candidate_is_not_erased(hr_user):
    application = ApplicationFactory(stage=Application.Stage.HIRED, candidate__name=NAME)
    with pytest.raises(retention.ErasureRefused):
        retention.candidate_anonymise(candidate=application.candidate, by=hr_user)
    assert Candidate.objects.get(pk=application.candidate_id).name == NAME


def _age(application: Application, days: int) -> None:
    moment = timezone.now() - datetime.timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(applied_at=moment, stage_changed_at=moment)
    Candidate.objects.filter(pk=application.candidate_id).update(created_at=moment)


def test_the_daily_task_anonymises_only_candidates_past_retention(
    settings, django_capture_on_commit_callbacks
):
    settings.CANDIDATE_RETENTION_DAYS = 365
    stale = ApplicationFactory(stage=Application.Stage.REJECTED, candidate__name="Stale Person")
    recent = ApplicationFactory(stage=Application.Stage.REJECTED, candidate__name="Recent Person")
    hired = ApplicationFactory(stage=Application.Stage.HIRED, candidate__name="Hired Person")
    _age(stale, 400)
    _age(recent, 300)
    _age(hired, 400)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.candidates_anonymise_expired_task.delay()

    names = dict(Candidate.objects.values_list("pk", "name"))
    assert names[stale.candidate_id] == f"Anonymised candidate #{stale.candidate_id}"
    assert names[recent.candidate_id] == "Recent Person"
    assert names[hired.candidate_id] == "Hired Person"
    assert not Path(settings.MEDIA_ROOT, stale.resume.name).exists()
    assert Path(settings.MEDIA_ROOT, recent.resume.name).exists()


def test_a_recent_note_counts_as_activity(settings, hr_user):
    settings.CANDIDATE_RETENTION_DAYS = 365
    application = ApplicationFactory(stage=Application.Stage.REJECTED)
    _age(application, 400)
    services.application_note_add(application=application, author=hr_user, body="Call back")
    assert retention.candidates_anonymise_expired() == 0


def test_retention_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["recruiting-candidate-retention"]
    assert entry["task"] == tasks.candidates_anonymise_expired_task.name


def test_hr_erases_one_candidate_from_the_admin(applicant, hr_user, client_for):
    client = client_for(hr_user)
    chosen = {"action": "erase_selected", "_selected_action": [applicant.candidate_id]}
    # The action asks first: a page naming who is erased; nothing changes until confirmed.
    asked = client.post(reverse("admin:recruiting_candidate_changelist"), chosen)
    assert asked.status_code == 200
    assert "cannot be undone" in asked.content.decode()
    assert Candidate.objects.get(pk=applicant.candidate_id).name == NAME
    response = client.post(
        reverse("admin:recruiting_candidate_changelist"), chosen | {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert "1 candidate(s) anonymised" in response.content.decode()
    assert personal_data_left(NAME, EMAIL, PHONE) == []


# --- The candidate's link -----------------------------------------------------------------


def _withdraw_link(application) -> str:
    from recruiting.services.emails import application_received_email

    application_received_email(application=application)
    outbox_relay_due(seconds=10)
    message = mail.outbox[-1]
    link = re.search(r"https?://\S+?(/careers/withdraw/[^/\s]+/)", message.body)
    assert link.group(0) in message.alternatives[0][0]
    return link.group(1)


def test_the_confirmation_email_link_withdraws_and_erases_after_confirming(
    applicant, client, django_capture_on_commit_callbacks
):
    path = _withdraw_link(applicant)
    page = client.get(path)
    assert page.status_code == 200
    assert "Withdraw and erase my data" in page.content.decode()
    assert Candidate.objects.get(pk=applicant.candidate_id).name == NAME  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(path)
    assert done.status_code == 200
    assert "Your application is withdrawn" in done.content.decode()
    assert Application.objects.get(pk=applicant.pk).stage == Application.Stage.WITHDRAWN
    assert personal_data_left(NAME, EMAIL, PHONE) == []
    assert files_on_disk() == []

    again = client.get(path)
    assert "Your application is withdrawn" in again.content.decode()


def test_a_tampered_link_does_nothing(applicant, client):
    path = _withdraw_link(applicant)
    tampered = path.rstrip("/") + "x/"
    assert client.post(tampered).status_code == 404
    other_token = retention.withdraw_token(ApplicationFactory())
    assert other_token not in path
    assert Candidate.objects.get(pk=applicant.candidate_id).name == NAME


def test_an_expired_link_does_nothing(applicant, client, settings, time_machine):
    path = _withdraw_link(applicant)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=366))
    assert client.post(path).status_code == 404
    assert Candidate.objects.get(pk=applicant.candidate_id).name == NAME


def test_the_link_refuses_other_methods(applicant, client):
    assert client.put(_withdraw_link(applicant)).status_code == 405


def test_the_admin_action_refuses_a_hired_candidate_with_a_message(hr_user, client_for):
    application = ApplicationFactory(stage=Application.Stage.HIRED, candidate__name=NAME)
    response = client_for(hr_user).post(
        reverse("admin:recruiting_candidate_changelist"),
        {"action": "erase_selected", "_selected_action": [application.candidate_id], "post": "yes"},
        follow=True,
    )
    assert "was hired" in response.content.decode()
    assert Candidate.objects.get(pk=application.candidate_id).name == NAME
