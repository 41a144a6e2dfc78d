"""Documents a new hire uploads get the same checks as resumes (backoffice/core/uploads.py)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from backoffice.core.uploads import document_validate as _document_validate


def document_validate(upload: UploadedFile) -> str:
    """Return the content type of a PDF, DOCX, ODT or plain-text file of at most 5 MB.

    The type comes from the bytes, not the name or the browser's claim; anything else, and any
    file name carrying markup, is refused with a ValidationError saying why.
    """
    _kind, content_type = _document_validate(upload)
    return content_type
