"""Resume text search (issue 22): reading the text at upload, the sweep, the backfill, and the
candidate search over names, emails, skills, tags and resume words."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from backoffice.core.document_text import DocumentTextError, document_text
from backoffice.core.uploads import ArchiveLimits
from recruiting import services
from recruiting.documents import simple_pdf
from recruiting.models import Application, ResumeText
from recruiting.selectors.candidate_search import SNIPPET_START, SNIPPET_STOP, snippet_html
from recruiting.services import resume_text as resume_text_services
from recruiting.services import retention as retention_services
from tests.factories.recruiting import ApplicationFactory, CandidateFactory, RequisitionFactory

pytestmark = pytest.mark.django_db

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
T = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'


def _zip(members: dict[str, str | bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
        }
    )


def odt_bytes(xml_body: str) -> bytes:
    return _zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "content.xml": f"<office {T}>{xml_body}</office>",
        }
    )


# --- Reading documents ----------------------------------------------------------------------


def test_pdf_docx_and_odt_text_is_read_in_document_order():
    assert "Quetzalcoatlus wrangler" in document_text(simple_pdf(["Quetzalcoatlus wrangler"])).text
    assert document_text(docx_bytes("Hello &lt;b&gt;", "second")).text == "Hello <b>\nsecond"
    odt = odt_bytes(
        "<text:p>Senior <text:span>COBOL</text:span> archivist</text:p><text:h>Next</text:h>"
    )
    assert document_text(odt).text == "Senior COBOL archivist\nNext"


def test_the_text_is_capped_and_marked_truncated():
    result = document_text(docx_bytes(*["word " * 100] * 100), max_chars=1000)
    assert result.truncated
    assert len(result.text) <= 1000


def test_control_and_marker_characters_never_reach_the_text():
    text = document_text(docx_bytes(f"a{SNIPPET_START}b{SNIPPET_STOP}c")).text
    assert SNIPPET_START not in text
    assert SNIPPET_STOP not in text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\nnot really a pdf",
        docx_bytes("x")[:-40],  # cut short
        _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document"}),
        # An entity expansion ("billion laughs"): defusedxml refuses any DTD entity.
        _zip(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]><d>&a;&a;</d>',
            }
        ),
        b"\x00\x01binary",
    ],
    ids=["broken-pdf", "truncated-zip", "bad-xml", "entities", "binary"],
)
def test_a_malformed_file_raises_a_short_reason_never_anything_else(data):
    with pytest.raises(DocumentTextError):
        document_text(data)


def test_an_archive_bomb_is_refused_under_the_upload_caps(monkeypatch):
    bomb = _zip(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<d>" + "a" * 3_000_000 + "</d>"}
    )
    monkeypatch.setattr(
        "backoffice.core.document_text.ARCHIVE_LIMITS", ArchiveLimits(ratio_applies_above=1000)
    )
    with pytest.raises(DocumentTextError, match="limits"):
        document_text(bomb)


def test_reading_stops_at_the_deadline():
    with pytest.raises(DocumentTextError, match="too long"):
        document_text(simple_pdf(["some words"] * 5), seconds=-1)


# --- At upload, the sweep, the backfill -----------------------------------------------------


def _submit(requisition, content: bytes, *, filename="cv.pdf", email="jane@example.net"):
    kinds = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    upload = SimpleUploadedFile(filename, content)
    return services.application_submit(
        requisition=requisition,
        name="Jane Doe",
        email=email,
        resume=services.ResumeUpload(
            file=upload, filename=filename, content_type=kinds[filename.rsplit(".", 1)[1]]
        ),
        notify_candidate=False,
    )


def test_the_text_is_read_after_the_upload_commits(django_capture_on_commit_callbacks):
    requisition = RequisitionFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = _submit(requisition, simple_pdf(["Fluent in Klingon and Quenya"]))
    row = ResumeText.objects.get(application=application)
    assert row.status == ResumeText.Status.PENDING  # written with the application
    for callback in callbacks:
        callback()  # the task (eager in tests)
    row.refresh_from_db()
    assert row.status == ResumeText.Status.DONE
    assert row.attempts == 1
    assert "Klingon and Quenya" in row.text
    assert row.extracted_at is not None
    if connection.vendor == "postgresql":
        assert ResumeText.objects.filter(search="quenya").exists()


def test_a_docx_resume_is_read_too(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(
            RequisitionFactory(), docx_bytes("Certified abseiler"), filename="cv.docx"
        )
    assert ResumeText.objects.get(application=application).text == "Certified abseiler"


def test_a_malformed_resume_records_the_error_and_the_application_stands(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(RequisitionFactory(), b"%PDF-1.7\n%garbage that is no PDF")
    row = ResumeText.objects.get(application=application)
    assert row.status == ResumeText.Status.FAILED
    assert "PDF could not be read" in row.error
    assert row.text == ""
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_second_run_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _submit(RequisitionFactory(), simple_pdf(["once"]))
    assert resume_text_services.resume_text_extract(application_id=application.pk) is None
    assert ResumeText.objects.get(application=application).attempts == 1


def test_the_sweep_queues_lost_tasks_again_and_gives_up_after_the_tries(monkeypatch):
    queued = []
    monkeypatch.setattr(resume_text_services, "_queue_task", lambda pk: queued.append(pk) or True)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    lost = ApplicationFactory()
    ResumeText.objects.create(application=lost, queued_at=long_ago)
    fresh = ApplicationFactory()
    ResumeText.objects.create(application=fresh, queued_at=timezone.now())
    dead = ApplicationFactory()
    ResumeText.objects.create(
        application=dead, queued_at=long_ago, attempts=resume_text_services.MAX_ATTEMPTS
    )

    report = resume_text_services.resume_texts_queue_pending()

    assert queued == [lost.pk]
    assert report.queued == 1
    assert report.given_up == 1
    assert ResumeText.objects.get(application=dead).status == ResumeText.Status.FAILED
    assert ResumeText.objects.get(application=fresh).status == ResumeText.Status.PENDING


def test_the_backfill_reads_old_resumes_in_batches_and_can_run_again():
    old = [
        ApplicationFactory(resume=ContentFile(simple_pdf([f"Backfilled word{n}"]), name="cv.pdf"))
        for n in range(3)
    ]
    no_resume = ApplicationFactory(resume="")
    out = io.StringIO()
    call_command("resume_text_backfill", "--batch-size", "2", stdout=out)
    assert "3 read" in out.getvalue()
    for number, application in enumerate(old):
        assert f"Backfilled word{number}" in ResumeText.objects.get(application=application).text
    assert not ResumeText.objects.filter(application=no_resume).exists()

    out = io.StringIO()
    call_command("resume_text_backfill", stdout=out)
    assert "Done: 0 read" in out.getvalue()


def test_erasing_a_candidate_removes_the_resume_text(hr_user):
    application = ApplicationFactory()
    ResumeText.objects.create(application=application, status="done", text="Private words")
    retention_services.candidate_anonymise(candidate=application.candidate, by=hr_user)
    assert not ResumeText.objects.filter(application=application).exists()


# --- The candidate search -------------------------------------------------------------------


def _read(application, text: str) -> None:
    ResumeText.objects.update_or_create(
        application=application, defaults={"status": "pending", "queued_at": timezone.now()}
    )
    application.resume.save("cv.pdf", ContentFile(simple_pdf(text.split("\n"))), save=True)
    resume_text_services.resume_text_extract(application_id=application.pk)


def _names(response) -> list[str]:
    return [application.candidate.name for application in response.context["page_obj"]]


def test_search_covers_names_emails_skills_tags_and_resume_words(client, hr_user):
    client.force_login(hr_user)
    by_resume = ApplicationFactory(candidate=CandidateFactory(name="Rhea Resume"))
    _read(by_resume, "Ten years of zymurgy at a brewery")
    by_skill = ApplicationFactory(candidate=CandidateFactory(name="Sam Skill", skills="Zymurgy"))
    by_tag = ApplicationFactory(candidate=CandidateFactory(name="Tia Tag"))
    services.candidates_tag(applications=[by_tag], tag_name="zymurgy-fan")
    ApplicationFactory(candidate=CandidateFactory(name="Nobody Else"))
    by_email = ApplicationFactory(
        candidate=CandidateFactory(name="Eve Email", email="zymurgy@example.org")
    )

    response = client.get(reverse("recruiting:candidate_list"), {"q": "zymurgy"})

    assert sorted(_names(response)) == ["Eve Email", "Rhea Resume", "Sam Skill", "Tia Tag"]
    if connection.vendor == "postgresql":
        # A match in the profile ranks above one in the resume only.
        assert _names(response)[-1] == "Rhea Resume"
    assert by_email
    assert by_skill


@pytest.mark.postgres
def test_a_resume_match_shows_an_escaped_snippet_with_the_words_marked(client, hr_user):
    if connection.vendor != "postgresql":
        pytest.skip("snippets come from PostgreSQL's ts_headline")
    client.force_login(hr_user)
    application = ApplicationFactory(candidate=CandidateFactory(name="Rhea Resume"))
    _read(application, "Led the <script>alert(1)</script> team\nExpert in quasicrystal growth")

    response = client.get(reverse("recruiting:candidate_list"), {"q": "quasicrystal"})

    html = response.content.decode()
    assert "<mark>quasicrystal</mark>" in html.lower()
    assert "<script>alert(1)" not in html
    assert SNIPPET_START not in html
    assert SNIPPET_STOP not in html


@pytest.mark.postgres
def test_more_resume_words_rank_higher(client, hr_user):
    if connection.vendor != "postgresql":
        pytest.skip("ranking is PostgreSQL's")
    client.force_login(hr_user)
    once = ApplicationFactory(candidate=CandidateFactory(name="Once Only"))
    _read(once, "ferroelectric once\nand other things entirely")
    often = ApplicationFactory(candidate=CandidateFactory(name="Often Often"))
    _read(often, "ferroelectric ferroelectric\nferroelectric materials")
    response = client.get(reverse("recruiting:candidate_list"), {"q": "ferroelectric"})
    assert _names(response) == ["Often Often", "Once Only"]


def test_a_hiring_manager_never_finds_resumes_of_other_requisitions(client, hiring_manager):
    own = ApplicationFactory(
        requisition=RequisitionFactory(hiring_manager=hiring_manager),
        candidate=CandidateFactory(name="Own Applicant"),
    )
    _read(own, "palaeography")
    other = ApplicationFactory(candidate=CandidateFactory(name="Other Applicant"))
    _read(other, "palaeography")
    client.force_login(hiring_manager)
    response = client.get(reverse("recruiting:candidate_list"), {"q": "palaeography"})
    assert _names(response) == ["Own Applicant"]


def test_snippet_html_escapes_everything_but_the_marks():
    raw = f"<b>x</b> {SNIPPET_START}word{SNIPPET_STOP} & {SNIPPET_START}open"
    assert snippet_html(raw) == "&lt;b&gt;x&lt;/b&gt; <mark>word</mark> &amp; <mark>open</mark>"
    assert snippet_html("") == ""


def test_the_csv_export_follows_the_same_search(client, hr_user):
    client.force_login(hr_user)
    found = ApplicationFactory(candidate=CandidateFactory(name="Rhea Resume"))
    _read(found, "Seasoned lexicographer")
    ApplicationFactory(candidate=CandidateFactory(name="Nobody Else"))
    response = client.get(reverse("recruiting:candidate_export"), {"q": "lexicographer"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Rhea Resume,")
