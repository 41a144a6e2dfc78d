"""Documents a new hire uploads get the same checks as resumes (backoffice/core/uploads.py);
training files (handouts, slides, images) are recognised by their bytes too."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from backoffice.core.uploads import clean_filename
from backoffice.core.uploads import document_validate as _document_validate


def document_validate(upload: UploadedFile) -> str:
    """Return the content type of a PDF, DOCX, ODT or plain-text file of at most 5 MB.

    The type comes from the bytes, not the name or the browser's claim; anything else, and any
    file name carrying markup, is refused with a ValidationError saying why.
    """
    _kind, content_type = _document_validate(upload)
    return content_type


MAX_TRAINING_FILE_BYTES = 20 * 1024 * 1024
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
TRAINING_FILE_TYPES = "a PDF, slides (.pptx, .odp) or an image (PNG, JPEG)"


def _slides_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODP_MIMETYPE:
                return ODP_MIMETYPE.decode()
            if "ppt/presentation.xml" in names and "[Content_Types].xml" in names:
                return PPTX_TYPE
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    return None


def training_file_type(data: bytes) -> str | None:
    """The content type of a PDF, PPTX, ODP, PNG or JPEG, read from the bytes; else None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _slides_type(data)
    return None


def training_attachment_validate(upload: UploadedFile) -> tuple[str, str]:
    """(clean file name, content type) of a training handout, slides or image; else refused.

    The type comes from the bytes (an SVG or an HTML file named .png is refused); at most 20 MB.
    """
    name = clean_filename(upload.name)
    if upload.size > MAX_TRAINING_FILE_BYTES:
        raise ValidationError(
            f"“{name}” is {upload.size / (1024 * 1024):.1f} MB; the limit is 20 MB."
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = training_file_type(data)
    if content_type is None:
        raise ValidationError(f"“{name}” is not {TRAINING_FILE_TYPES} (we check the content).")
    return name, content_type


def training_attachment_add(*, module, title: str, upload: UploadedFile, order: int = 0):
    """Attach a checked file to a training module (the admin's inline does the same)."""
    from onboarding.models import TrainingAttachment

    name, content_type = training_attachment_validate(upload)
    attachment = TrainingAttachment(
        module=module, title=title, name=name, content_type=content_type, order=order
    )
    attachment.file.save("attachment", upload, save=False)
    attachment.save()
    return attachment
