import os
import uuid

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from recruiting.models import Application, Candidate, Requisition
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RequisitionFactory,
    RequisitionSkillFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


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


def _stored_files():
    try:
        return default_storage.listdir("recruiting/resumes")[1]
    except FileNotFoundError:
        return []


def test_careers_list_shows_only_open_jobs_and_filters(client):
    open_job = RequisitionFactory(title="Bookkeeper", location="Utrecht")
    RequisitionFactory(title="Secret draft", status=Requisition.Status.DRAFT)
    RequisitionFactory(title="Paused", status=Requisition.Status.ON_HOLD)
    RequisitionFactory(title="Receptionist", location="Rotterdam", employment_type="part_time")
    page = client.get(reverse("careers:list")).content.decode()
    assert "Bookkeeper" in page
    assert "Receptionist" in page
    assert "Secret draft" not in page
    assert "Paused" not in page
    filtered = client.get(reverse("careers:list"), {"employment_type": "part_time"})
    assert "Bookkeeper" not in filtered.content.decode()
    searched = client.get(reverse("careers:list"), {"q": "book", "location": "utre"})
    assert list(searched.context["page_obj"]) == [open_job]


def test_detail_of_a_job_that_is_not_open_is_404(client):
    draft = RequisitionFactory(status=Requisition.Status.DRAFT)
    assert client.get(reverse("careers:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("careers:applied", args=[draft.pk])).status_code == 404


def test_description_markdown_is_rendered_and_raw_html_removed(client):
    job = RequisitionFactory(
        description="**Bold** <script>alert('x')</script> <img src=x onerror=alert(1)>"
    )
    page = client.get(reverse("careers:detail", args=[job.pk])).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert" not in page
    assert "onerror" not in page


def test_apply_happy_path(client, django_capture_on_commit_callbacks):
    job = RequisitionFactory()
    RequisitionSkillFactory(requisition=job, name="Spreadsheets")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("careers:detail", args=[job.pk]), _form(skills=["Spreadsheets"])
        )
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("careers:applied", args=[job.pk])
    application = Application.objects.get()
    assert application.candidate.email == "jane@example.net"
    assert application.resume_filename == "jane-cv.pdf"
    assert application.years_experience == 5
    assert application.candidate.skills == "Spreadsheets"
    assert mail.outbox[0].to == ["jane@example.net"]
    confirmation = client.get(response.headers["Location"])
    assert "Thank you for applying" in confirmation.content.decode()


def test_consent_is_required(client):
    job = RequisitionFactory()
    data = _form()
    del data["consent"]
    response = client.post(reverse("careers:detail", args=[job.pk]), data)
    assert response.status_code == 400
    assert not Application.objects.exists()
    assert "12 months" in response.content.decode()


def test_applying_twice_answers_like_a_first_time_and_emails_the_address(
    client, django_capture_on_commit_callbacks
):
    """The form never tells whether an address has applied: the same answer as a first
    application; the address's owner learns it by email."""
    job = RequisitionFactory(title="Data-Entry Clerk")
    ApplicationFactory(requisition=job, candidate=CandidateFactory(email="jane@example.net"))
    first = client.post(
        reverse("careers:detail", args=[job.pk]), _form(email="new.person@example.net")
    )
    mail.outbox.clear()
    files_before = len(_stored_files())
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse("careers:detail", args=[job.pk]), _form(email="JANE@Example.net")
        )
    assert again.status_code == first.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert "already applied" not in client.get(again.headers["Location"]).content.decode()
    assert [message.to for message in mail.outbox] == [["jane@example.net"]]
    assert mail.outbox[0].subject.endswith("You have already applied for Data-Entry Clerk")
    assert "nothing new was stored" in mail.outbox[0].body
    assert Application.objects.filter(candidate__email="jane@example.net").count() == 1
    assert Candidate.objects.count() == 2
    assert len(_stored_files()) == files_before  # the repeat's file was removed


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("resume.pdf", EXE, "is not a PDF, Word (.docx), OpenDocument (.odt) or plain-text file"),
        ("resume.txt", b"a" * (6 * 1024 * 1024), "The file is 6.0 MB; the limit is 5 MB."),
        ("resume.html", b"<html><body><script>alert(1)</script></body></html>", "is not a PDF"),
        ("<img src=x onerror=alert(1)>.pdf", pdf_bytes(), "The file name may contain only"),
    ],
    ids=["exe-renamed-pdf", "six-megabytes", "html", "markup-in-name"],
)
def test_bad_uploads_are_refused_with_a_clear_message_and_nothing_saved(
    client, filename, content, message
):
    job = RequisitionFactory()
    upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
    response = client.post(reverse("careers:detail", args=[job.pk]), _form(resume=upload))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "onerror=alert" not in page
    assert not Candidate.objects.exists()
    assert not Application.objects.exists()
    assert _stored_files() == []
    assert mail.outbox == []


def test_markup_typed_into_fields_shows_as_text(client, hiring_manager):
    job = RequisitionFactory(hiring_manager=hiring_manager)
    client.post(
        reverse("careers:detail", args=[job.pk]),
        _form(name="<script>alert('name')</script>", cover_letter="<b onclick=x>hi</b>"),
    )
    application = Application.objects.get()
    client.force_login(hiring_manager)
    page = client.get(reverse("recruiting:application_detail", args=[application.pk]))
    html = page.content.decode()
    assert "<script>alert('name')</script>" not in html
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in html
    assert "&lt;b onclick=x&gt;hi&lt;/b&gt;" in html


def test_honeypot_pretends_success_and_stores_nothing(client):
    job = RequisitionFactory()
    response = client.post(
        reverse("careers:detail", args=[job.pk]), _form(website="http://spam.example")
    )
    assert response.status_code == 302
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_address(client, settings):
    job = RequisitionFactory()
    for index in range(5):
        client.post(reverse("careers:detail", args=[job.pk]), _form(email=f"p{index}@example.net"))
    assert Application.objects.count() == 5
    response = client.post(reverse("careers:detail", args=[job.pk]), _form(email="p9@example.net"))
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert Application.objects.count() == 5
    other_address = client.post(
        reverse("careers:detail", args=[job.pk]),
        _form(email="p10@example.net"),
        REMOTE_ADDR="10.0.0.9",
    )
    assert other_address.status_code == 302


UNREACHABLE_REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_an_unreachable_cache_does_not_lose_an_application(client, caplog):
    job = RequisitionFactory()
    with override_settings(CACHES=UNREACHABLE_REDIS_CACHE):
        response = client.post(reverse("careers:detail", args=[job.pk]), _form())
    assert response.status_code == 302
    assert Application.objects.filter(candidate__email="jane@example.net").exists()
    assert "rate limit not checked" in caplog.text


@pytest.mark.redis
def test_the_limit_is_shared_through_redis_when_cache_url_is_set(client):
    """With CACHE_URL every gunicorn worker counts in the same place: here, a fresh cache
    client (as another process would have) sees the count this one left."""
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["TEST_REDIS_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    job = RequisitionFactory()
    url = reverse("careers:detail", args=[job.pk])
    with override_settings(CACHES=shared):
        for index in range(5):
            client.post(url, _form(email=f"p{index}@example.net"))
        other_worker = caches.create_connection("default")
        assert other_worker.get("recruiting:apply:127.0.0.1") == 5
        response = client.post(url, _form(email="p9@example.net"))
        other_worker.delete("recruiting:apply:127.0.0.1")
    assert response.status_code == 429


def test_careers_pages_refuse_other_methods(client):
    job = RequisitionFactory()
    assert client.post(reverse("careers:list")).status_code == 405
    assert client.put(reverse("careers:detail", args=[job.pk])).status_code == 405
    assert client.post(reverse("careers:applied", args=[job.pk])).status_code == 405


def test_location_and_link_reach_the_candidate_and_the_link_is_safe(client, hiring_manager):
    job = RequisitionFactory(hiring_manager=hiring_manager)
    client.post(
        reverse("careers:detail", args=[job.pk]),
        _form(location="Utrecht", link="linkedin.com/in/jane"),
    )
    candidate = Candidate.objects.get()
    assert candidate.location == "Utrecht"
    assert candidate.links == "https://linkedin.com/in/jane"
    assert Application.objects.get().owner == hiring_manager
    response = client.post(
        reverse("careers:detail", args=[job.pk]),
        _form(email="x@example.net", link="javascript:alert(1)"),
    )
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
