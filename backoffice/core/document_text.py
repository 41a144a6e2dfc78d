"""The words of an uploaded document (PDF, DOCX, ODT, plain text), for search.

Everything here is bounded, because the files come from anyone on the internet:

- the bytes read are those `uploads.document_validate` accepted (at most MAX_DOCUMENT_BYTES);
- a DOCX or ODT is a ZIP: it goes through the same archive caps as the upload check
  (`uploads.ARCHIVE_LIMITS`: entry count, sizes, ratio, chunked inflating), and only its one
  text part (word/document.xml, content.xml) is parsed, with defusedxml (no entities, no DTDs);
- a PDF is read page by page with pypdf, at most MAX_PDF_PAGES pages;
- the text kept stops at MAX_TEXT_CHARS, and the work stops at a deadline (checked between
  pages and XML elements; the Celery task's soft time limit catches anything slower).

A file that cannot be read raises DocumentTextError with a short reason for the record.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.core.exceptions import ValidationError

from backoffice.core.uploads import ARCHIVE_LIMITS, ArchiveLimits, _archive_check, document_kind

MAX_TEXT_CHARS = 200_000
MAX_PDF_PAGES = 300
DEFAULT_SECONDS = 20.0
# The XML of a long resume is well under a megabyte; a text part past this is not a resume.
MAX_XML_BYTES = 10 * 1024 * 1024
# Control characters (but tab and line breaks) and the private-use characters the search
# uses to mark matches in snippets never reach the stored text.
_UNWANTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t\xa0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# The elements whose end starts a new line (paragraphs, headings, table rows, breaks).
_DOCX_BREAKS = {f"{_WORD_NS}p", f"{_WORD_NS}br", f"{_WORD_NS}tr"}
_ODT_BREAKS = {f"{_TEXT_NS}p", f"{_TEXT_NS}h", f"{_TEXT_NS}line-break", f"{_TEXT_NS}list-item"}


class DocumentTextError(Exception):
    """The document's text could not be read; the message says why, in a few words."""


@dataclass(frozen=True)
class DocumentText:
    text: str
    truncated: bool


class _Collector:
    def __init__(self, limit: int, deadline: float):
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.deadline = deadline
        self.truncated = False

    def add(self, text: str | None) -> bool:
        """Keep `text`; False once the limit is reached (the caller stops reading)."""
        if time.monotonic() > self.deadline:
            raise DocumentTextError("reading the file took too long")
        if not text:
            return True
        room = self.limit - self.size
        if len(text) >= room:
            self.parts.append(text[:room])
            self.size = self.limit
            self.truncated = True
            return False
        self.parts.append(text)
        self.size += len(text)
        return True

    def result(self) -> DocumentText:
        return DocumentText(text=clean_text("".join(self.parts)), truncated=self.truncated)


def clean_text(text: str) -> str:
    text = _UNWANTED.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _pdf_text(data: bytes, collector: _Collector) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentTextError("the PDF is password-protected")
        for number, page in enumerate(reader.pages):
            if number >= MAX_PDF_PAGES:
                collector.truncated = True
                return
            if not collector.add(page.extract_text() or "") or not collector.add("\n"):
                return
    except DocumentTextError:
        raise
    except SoftTimeLimitExceeded:
        raise  # the task's own limit: it records "took too long"
    except RecursionError as error:
        raise DocumentTextError("the PDF is nested too deeply") from error
    except (PyPdfError, Exception) as error:
        # A hostile PDF makes a parser raise almost anything (struct, zlib, arithmetic,
        # decoding errors): whatever it is, this file is unreadable, and that is recorded.
        raise DocumentTextError(f"the PDF could not be read ({type(error).__name__})") from error


def _read_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    chunks, size = [], 0
    with archive.open(member) as stream:
        while chunk := stream.read(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise DocumentTextError("the document's text part is too large")
            chunks.append(chunk)
    return b"".join(chunks)


def _xml_text(
    archive: zipfile.ZipFile, member: str, breaks: set[str], collector: _Collector
) -> None:
    try:
        root = fromstring(_read_member(archive, member, MAX_XML_BYTES))
    except KeyError as error:
        raise DocumentTextError("the document has no text part") from error
    except (ParseError, DefusedXmlException) as error:
        raise DocumentTextError("the document's text part is not valid XML") from error
    # Document order without recursion: an element's text, its children, a line break where
    # the element ends a paragraph, then its tail (the parent's text after it).
    stack: list = [("open", root)]
    while stack:
        step, element = stack.pop()
        if step == "tail":
            if element.tag in breaks and not collector.add("\n"):
                return
            if element.tail and not collector.add(element.tail):
                return
            continue
        if element.text and not collector.add(element.text):
            return
        stack.append(("tail", element))
        stack.extend(("open", child) for child in reversed(element))


def _archive_text(
    data: bytes, kind: str, collector: _Collector, limits: ArchiveLimits = ARCHIVE_LIMITS
) -> None:
    member, breaks = (
        ("word/document.xml", _DOCX_BREAKS) if kind == "docx" else ("content.xml", _ODT_BREAKS)
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _archive_check(archive, limits)
            _xml_text(archive, member, breaks, collector)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as error:
        raise DocumentTextError("the archive could not be read") from error
    except (ValueError, NotImplementedError) as error:
        raise DocumentTextError("the archive uses a method we cannot read") from error


def document_text(
    data: bytes, *, max_chars: int = MAX_TEXT_CHARS, seconds: float = DEFAULT_SECONDS
) -> DocumentText:
    """The text of `data` (a document accepted by document_validate), bounded as above."""
    try:
        kind = document_kind(data)
    except ValidationError as error:  # an archive past the caps
        raise DocumentTextError("the archive unpacks to more than the limits allow") from error
    collector = _Collector(max_chars, time.monotonic() + seconds)
    if kind == "pdf":
        _pdf_text(data, collector)
    elif kind in ("docx", "odt"):
        try:
            _archive_text(data, kind, collector)
        except ValidationError as error:
            raise DocumentTextError("the archive unpacks to more than the limits allow") from error
    elif kind == "txt":
        collector.add(data.decode("utf-8", "replace"))
    else:
        raise DocumentTextError("not a PDF, Word, OpenDocument or text file")
    return collector.result()
