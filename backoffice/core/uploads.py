"""Checks on uploaded documents (resumes, paperwork): the type is read from the content.

Only four kinds are accepted, each recognised by its structure: PDF (the %PDF- header), DOCX
(a ZIP holding word/document.xml), ODT (a ZIP whose `mimetype` member says so) and plain text
(valid UTF-8 with no control bytes and nothing that looks like HTML). A generic magic-number
library would call a DOCX "a ZIP" and a text file "unknown", so the rules are spelled out here.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from backoffice.core.filenames import clean_filename as shared_clean_filename

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}
ACCEPTED_DESCRIPTION = "a PDF, Word (.docx), OpenDocument (.odt) or plain-text file"
_HTML_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)", re.I)


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if _HTML_START.match(data) or re.search(rb"<\s*script", data, re.I):
        return False
    return not any(unicodedata.category(char) == "Cc" and char not in "\n\r\t\f" for char in text)


def document_kind(data: bytes) -> str | None:
    """'pdf', 'docx', 'odt' or 'txt' when the bytes are one of those, else None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data and _is_plain_text(data):
        return "txt"
    return None


def clean_filename(name: str) -> str:
    """The name shown to people later: markup, control and invisible characters are refused."""
    return shared_clean_filename(name, max_length=150)


def document_validate(upload: UploadedFile) -> tuple[str, str]:
    """Check an upload: return (kind, content type), or raise ValidationError saying why."""
    filename = clean_filename(upload.name)
    if upload.size > MAX_DOCUMENT_BYTES:
        size_mb = upload.size / (1024 * 1024)
        raise ValidationError(f"The file is {size_mb:.1f} MB; the limit is 5 MB.", code="too_large")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    kind = document_kind(data)
    if kind is None:
        raise ValidationError(
            f"“{filename}” is not {ACCEPTED_DESCRIPTION} (we check the content, not the name).",
            code="bad_type",
        )
    return kind, CONTENT_TYPES[kind]
