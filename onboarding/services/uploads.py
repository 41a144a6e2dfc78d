"""Documents a new hire uploads: checked by content, like resumes, never by the name alone."""

from __future__ import annotations

import re
import zipfile

from django.core.exceptions import ValidationError

from backoffice.core.filenames import clean_filename

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_HTML_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)", re.I)
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain",
}


def _zip_kind(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    # A page of HTML is not a plain-text document, whatever its name says.
    if _HTML_START.match(head) or re.search(rb"<\s*script", head, re.I):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def document_validate(upload) -> str:
    """Return the content type of a PDF, DOCX, ODT or plain-text file of at most 5 MB.

    The type comes from the bytes, not the name or the browser's claim; anything else is refused.
    """
    clean_filename(upload.name or "", max_length=255)
    if upload.size == 0:
        raise ValidationError("The file is empty.")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The file is larger than 5 MB.")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(upload)
        upload.seek(0)
    elif _is_text(head):
        kind = "txt"
    if kind is None:
        raise ValidationError("Upload a PDF, Word (DOCX), OpenDocument (ODT) or plain-text file.")
    return CONTENT_TYPES[kind]
