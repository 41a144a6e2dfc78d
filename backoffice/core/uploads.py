"""Checks on uploaded documents (resumes, paperwork): the type is read from the content.

Only four kinds are accepted, each recognised by its structure: PDF (the %PDF- header), DOCX
(a ZIP holding word/document.xml), ODT (a ZIP whose `mimetype` member says so) and plain text
(valid UTF-8 with no control bytes and nothing that looks like HTML). A generic magic-number
library would call a DOCX "a ZIP" and a text file "unknown", so the rules are spelled out here.

The name must end in the extension of the kind the content is (or in none, and it gets one):
`cv.pdf.exe`, `Resume.pdf.hta` or a PDF called `cv.docx` are refused, and the name stored and
served afterwards always ends in the real type's extension.

DOCX and ODT are ZIP archives, and an archive can inflate a thousandfold: a 200 KiB file can
hold an entry of 200 MiB. They are inspected with bounded reads: the entry count, each entry's
size, the total size and the compression ratio are capped before anything is inflated, and the
inflating itself reads in small chunks and stops at the caps whatever the headers claimed.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

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
# The extension each kind is stored and served under, and the ones accepted for it.
EXTENSIONS = {"pdf": "pdf", "docx": "docx", "odt": "odt", "txt": "txt"}
ACCEPTED_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "odt": "odt", "txt": "txt", "text": "txt"}
ACCEPTED_DESCRIPTION = "a PDF, Word (.docx), OpenDocument (.odt) or plain-text file"
_HTML_START = re.compile(
    rb"^\s*<(?:!doctype|!--|html|head|body|script|svg|\?xml|iframe|object|embed|math|meta"
    rb"|link|style|base|form|img|a\s)",
    re.I,
)
# An extension has a letter in it: "notes v1.2" has none, and gets the real one appended.
_EXTENSION = re.compile(r"\.(?=[A-Za-z0-9]{0,9}[A-Za-z])([A-Za-z0-9]{1,10})$")


@dataclass(frozen=True)
class ArchiveLimits:
    """Caps on what a DOCX/ODT may unpack to; a real 5 MB document is far below each."""

    max_entries: int = 1000
    max_entry_bytes: int = 25 * 1024 * 1024
    max_total_bytes: int = 50 * 1024 * 1024
    # Text XML compresses about 10:1; 100:1 over a sizeable entry is not a document.
    max_ratio: int = 100
    ratio_applies_above: int = 1024 * 1024
    chunk_bytes: int = 64 * 1024


ARCHIVE_LIMITS = ArchiveLimits()


class ArchiveTooLarge(ValidationError):
    """The archive would unpack to more than the caps allow."""


def _refuse_bomb(detail: str) -> ArchiveTooLarge:
    return ArchiveTooLarge(
        f"The file {detail}: it may be damaged or built to overload the server. Save it again "
        "from your word processor, or send a PDF instead.",
        code="archive_too_large",
    )


def _archive_check(archive: zipfile.ZipFile, limits: ArchiveLimits) -> None:
    """Refuse on the declared sizes first, then inflate every entry in chunks, counting."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise _refuse_bomb(f"holds more than {limits.max_entries:,} parts")
    declared_total = 0
    for entry in entries:
        declared_total += entry.file_size
        if entry.file_size > limits.max_entry_bytes or declared_total > limits.max_total_bytes:
            raise _refuse_bomb(f"unpacks to more than {limits.max_total_bytes // 2**20} MB")
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > limits.ratio_applies_above and ratio > limits.max_ratio:
            raise _refuse_bomb(f"is compressed {ratio:,.0f} times over")
    # The headers may lie: count what actually comes out, never holding more than one chunk.
    total = 0
    for entry in entries:
        entry_bytes = 0
        with archive.open(entry) as member:
            while chunk := member.read(limits.chunk_bytes):
                entry_bytes += len(chunk)
                total += len(chunk)
                if entry_bytes > limits.max_entry_bytes or total > limits.max_total_bytes:
                    raise _refuse_bomb(f"unpacks to more than {limits.max_total_bytes // 2**20} MB")


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 256) -> bytes:
    with archive.open(name) as member:
        return member.read(limit)


def _zip_kind(data: bytes, limits: ArchiveLimits = ARCHIVE_LIMITS) -> str | None:
    """'odt' or 'docx' for such an archive, None for any other; ArchiveTooLarge for a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _archive_check(archive, limits)
            names = set(archive.namelist())
            if "mimetype" in names and _read_small(archive, "mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                return "docx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, EOFError):
        # Damaged, encrypted or otherwise unreadable: not a document we can accept.
        return None
    except (ValueError, NotImplementedError):
        # An unsupported compression method, for instance.
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # A "text" file that is really markup (HTML, SVG, XML) would render if ever opened in a
    # browser: it is refused like HTML, whatever its name says.
    stripped = data.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(stripped) or re.search(rb"<\s*(?:script|svg|iframe)\b", data, re.I):
        return False
    return not any(unicodedata.category(char) == "Cc" and char not in "\n\r\t\f" for char in text)


def document_kind(data: bytes) -> str | None:
    """'pdf', 'docx', 'odt' or 'txt' when the bytes are one of those, else None.

    Raises ArchiveTooLarge (a ValidationError) for an archive that would unpack past the caps.
    """
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


def _extension(name: str) -> str | None:
    match = _EXTENSION.search(name)
    return match.group(1).lower() if match else None


def document_filename(name: str, kind: str, *, max_length: int = 150) -> str:
    """The name to store and serve a document of `kind` under, or a ValidationError.

    The name's extension must be an accepted one and match the content; a name without one
    gets the kind's. Whatever the case of the extension given, the result ends in the kind's
    own lower-case extension, so the file opens as what it really is.
    """
    name = clean_filename(name).rstrip(" .")
    extension = _extension(name)
    real = EXTENSIONS[kind]
    if extension is None:
        stem = name
    elif ACCEPTED_EXTENSIONS.get(extension) == kind:
        stem = name[: -len(extension) - 1]
    elif extension in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            f"“{name}” is named .{extension} but its content is a .{real} file. Rename it to "
            f"end in .{real}, or upload the right file.",
            code="extension_mismatch",
        )
    else:
        raise ValidationError(
            f"“{name}” is not {ACCEPTED_DESCRIPTION}: files ending in .{extension} are not "
            "accepted (only .pdf, .docx, .odt and .txt).",
            code="bad_extension",
        )
    stem = stem.rstrip(" .") or "document"
    return f"{stem[: max_length - len(real) - 1]}.{real}"


def document_validate(upload: UploadedFile) -> tuple[str, str]:
    """Check an upload: return (kind, content type), or raise ValidationError saying why.

    On success `upload.name` is set to the name it must be stored and served under (see
    document_filename), so every caller that saves `upload.name` keeps the safe one.
    """
    filename = clean_filename(upload.name)
    extension = _extension(filename.rstrip(" ."))
    if extension is not None and extension not in ACCEPTED_EXTENSIONS:
        # Refused on the name alone: nothing is read from a `cv.pdf.exe`.
        document_filename(filename, "pdf")
    if upload.size > MAX_DOCUMENT_BYTES:
        size_mb = upload.size / (1024 * 1024)
        raise ValidationError(f"The file is {size_mb:.1f} MB; the limit is 5 MB.", code="too_large")
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    upload.seek(0)
    kind = document_kind(data)
    if kind is None:
        raise ValidationError(
            f"“{filename}” is not {ACCEPTED_DESCRIPTION} (we check the content, not the name).",
            code="bad_type",
        )
    upload.name = document_filename(filename, kind)
    return kind, CONTENT_TYPES[kind]


def served_filename(name: str | None, content_type: str | None) -> str:
    """The download name of a stored document: its name, ending in its real type's extension.

    New uploads are stored under such a name already (document_validate); this keeps files
    uploaded before that rule from being served as `cv.pdf.exe` or `notes.html`.
    """
    kind = next((k for k, t in CONTENT_TYPES.items() if t == content_type), None)
    if kind is None:
        return "document"
    try:
        return document_filename(name or "document", kind)
    except ValidationError:
        # A name refused today (markup, another extension): the stem is not worth keeping.
        return f"document.{EXTENSIONS[kind]}"
