"""Serving a stored file: always a download, never a page of ours.

Every download (resumes, attachments, onboarding files, training material) goes through
it: an attachment (never rendered inline in the site's origin), `nosniff` (the browser keeps
the stated type; SecurityMiddleware also sets it, this holds without it), a CSP that sandboxes
the response and loads nothing, and `private, no-store` so no shared cache or back button keeps
a personal file.
"""

from __future__ import annotations

from django.http import FileResponse, Http404


def file_download(file_field, *, filename: str, content_type: str) -> FileResponse:
    """A FileResponse for `file_field` with the download headers; 404 when the file is gone."""
    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("The file is gone.") from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
