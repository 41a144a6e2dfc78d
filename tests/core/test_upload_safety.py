"""Uploads: archives are inspected with bounded reads; names end in the real type's extension."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.uploads import (
    ARCHIVE_LIMITS,
    document_filename,
    document_validate,
    served_filename,
)
from tests.factories.recruiting import pdf_bytes

MiB = 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(document: bytes = b"<w:document/>", **extra: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document)
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A real-looking .docx of about 200 KiB whose document.xml inflates to 200 MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * MiB
            for _ in range(200):
                member.write(block)
    return buffer.getvalue()


def test_a_docx_bomb_is_refused_quickly_in_bounded_memory(docx_bomb):
    assert len(docx_bomb) < 400 * 1024
    upload = SimpleUploadedFile("cv.docx", docx_bomb, content_type=DOCX_TYPE)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError, match="may be damaged or built to overload") as error:
            document_validate(upload)
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "unpacks to more than 50 MB" in " ".join(error.value.messages)
    assert peak < 20 * MiB, f"peak {peak / MiB:.1f} MiB"
    assert elapsed < 2


def _understate_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size `name` declares, in its local and central headers."""
    forged = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = forged.find(signature)
        while at != -1:
            if forged[at + name_at : at + name_at + len(name)] == name:
                forged[at + size_at : at + size_at + 4] = struct.pack("<I", size)
            at = forged.find(signature, at + 4)
    return bytes(forged)


def test_an_entry_whose_header_understates_its_size_is_refused_without_inflating_it():
    # Headers lie: reading stops at the declared size and the checksum then fails, so the
    # real 200 MiB never come out; the file is refused as not a document.
    real = _docx(b"\0" * (20 * MiB))
    forged = _understate_sizes(real, b"word/document.xml", 1000)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="not a PDF"):
            document_validate(SimpleUploadedFile("cv.docx", forged))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MiB


def test_an_archive_compressed_far_beyond_any_document_is_refused():
    data = _docx(b"<w:document>" + b" " * (3 * MiB) + b"</w:document>")
    upload = SimpleUploadedFile("cv.docx", data)
    with pytest.raises(ValidationError, match=r"compressed .* times over"):
        document_validate(upload)


def test_an_archive_with_too_many_entries_is_refused():
    members = {f"word/media/{number}.xml": b"x" for number in range(ARCHIVE_LIMITS.max_entries)}
    upload = SimpleUploadedFile("cv.docx", _docx(**members))
    with pytest.raises(ValidationError, match="more than 1,000 parts"):
        document_validate(upload)


def test_a_real_docx_still_passes():
    text = b"<w:document>" + b"<w:p>Ten years of filing and record keeping.</w:p>" * 2000
    upload = SimpleUploadedFile("Jane Doe CV.docx", _docx(text + b"</w:document>"))
    assert document_validate(upload) == ("docx", DOCX_TYPE)
    assert upload.name == "Jane Doe CV.docx"


# --- Names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Resume.pdf.hta",
        "cv.pdf.exe",
        "cv.js",
        "cv.html",
        "cv.htm",
        "run.bat",
        "cv.svg",
        "cv.pdf.exe.",
        "cv.pdf.exe ",
    ],
)
def test_dangerous_extensions_are_refused_even_with_good_content(name):
    upload = SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
    with pytest.raises(ValidationError, match="are not accepted"):
        document_validate(upload)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cv.docx", pdf_bytes()),
        ("cv.pdf", _docx()),
        ("cv.txt", pdf_bytes()),
        ("cv.odt", b"Plain words only.\n"),
    ],
)
def test_content_must_match_the_extension(name, data):
    with pytest.raises(ValidationError, match="its content is a"):
        document_validate(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    ("name", "data", "stored"),
    [
        ("CV.PDF", pdf_bytes(), "CV.pdf"),
        ("cv", pdf_bytes(), "cv.pdf"),
        ("Mr. Smith CV", _docx(), "Mr. Smith CV.docx"),
        ("notes v1.2", b"Plain words.\n", "notes v1.2.txt"),
        ("notes.text", b"Plain words.\n", "notes.txt"),
        ("cv.exe.pdf", pdf_bytes(), "cv.exe.pdf"),
    ],
)
def test_the_stored_name_ends_in_the_real_types_extension(name, data, stored):
    upload = SimpleUploadedFile(name, data)
    document_validate(upload)
    assert upload.name == stored


def test_a_long_name_keeps_its_extension():
    assert document_filename("a" * 300 + ".pdf", "pdf").endswith("a.pdf")
    assert len(document_filename("a" * 300 + ".pdf", "pdf")) <= 150


@pytest.mark.parametrize(
    "text",
    [
        b"<html><body>hi</body></html>",
        b"<script>alert(1)</script>",
        b"  <svg onload=alert(1)>",
        b"<?xml version='1.0'?><svg/>",
        b"\xef\xbb\xbf<html>",
        b"<!-- hi --><p>x</p>",
        b"<iframe src=x>",
    ],
)
def test_a_text_upload_that_begins_with_markup_is_refused(text):
    with pytest.raises(ValidationError, match="not a PDF"):
        document_validate(SimpleUploadedFile("notes.txt", text))


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("cv.pdf", "application/pdf", "cv.pdf"),
        ("cv.pdf.exe", "application/pdf", "document.pdf"),
        ("notes.html", "text/plain; charset=utf-8", "document.txt"),
        ("cv", DOCX_TYPE, "cv.docx"),
        ("<b>.pdf", "application/pdf", "document.pdf"),
        (None, "application/pdf", "document.pdf"),
        ("cv.pdf", "application/x-msdownload", "document"),
    ],
)
def test_files_stored_before_the_rule_are_served_under_their_real_extension(
    name, content_type, served
):
    assert served_filename(name, content_type) == served


@pytest.mark.django_db
def test_an_onboarding_document_stored_under_a_dangerous_name_downloads_safely(client_for):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from onboarding.models import ItemKind
    from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory

    item = PlanItemFactory(plan=OnboardingPlanFactory(), kind=ItemKind.UPLOAD)
    item.upload_name = "payslip.pdf.hta"
    item.upload_content_type = "application/pdf"
    item.upload.save("upload", ContentFile(pdf_bytes()), save=True)
    response = client_for(item.plan.employee.user).get(
        reverse("onboarding:item_document", args=[item.pk])
    )
    assert response.status_code == 200
    assert 'filename="document.pdf"' in response["Content-Disposition"]
