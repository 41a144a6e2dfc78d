import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.core.uploads import MAX_DOCUMENT_BYTES, document_kind, document_validate
from tests.factories.recruiting import pdf_bytes


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes(), "pdf"),
        (DOCX, "docx"),
        (ODT, "odt"),
        ("Jane Doe\nTen years of filing. Café.\n".encode(), "txt"),
        (EXE, None),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", None),
        (b"  <html><body>hi</body></html>", None),
        (b"Hello <script>alert(1)</script>", None),
        (_zip({"evil.js": b"x"}), None),
        (b"\xff\xfe\x00\x00binary", None),
        (b"", None),
    ],
    ids=[
        "pdf",
        "docx",
        "odt",
        "txt",
        "exe",
        "html",
        "html-indented",
        "script",
        "zip",
        "bin",
        "empty",
    ],
)
def test_document_kind_reads_the_content(data, kind):
    assert document_kind(data) == kind


def test_exe_renamed_pdf_is_refused():
    upload = SimpleUploadedFile("resume.pdf", EXE, content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        document_validate(upload)


def test_six_megabytes_is_refused():
    upload = SimpleUploadedFile("resume.txt", b"a" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError, match=r"6\.0 MB; the limit is 5 MB"):
        document_validate(upload)


def test_exactly_five_megabytes_passes():
    upload = SimpleUploadedFile("resume.txt", b"a" * MAX_DOCUMENT_BYTES)
    assert document_validate(upload)[0] == "txt"


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>.pdf", 'cv"onmouseover=x.pdf', "a&b.pdf", "cv<b>.pdf"]
)
def test_markup_in_the_file_name_is_refused(name):
    upload = SimpleUploadedFile(name, pdf_bytes())
    with pytest.raises(ValidationError, match="file name may contain only"):
        document_validate(upload)
