"""The names recruiting stores and serves documents under: they end in the real type's extension.

A wrapper over the shared upload check (backoffice.core.uploads), which decides the type from the
content: whatever the person called the file ("Resume.pdf.hta", "cv.exe"), the name we keep and
send back in Content-Disposition ends in the extension of the type the content was found to be.
"""

from __future__ import annotations

import re

from backoffice.core.uploads import CONTENT_TYPES

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_KIND_FOR_CONTENT_TYPE = {
    content_type.split(";")[0].strip(): kind for kind, content_type in CONTENT_TYPES.items()
}
MAX_NAME = 150


def kind_for_content_type(content_type: str) -> str | None:
    return _KIND_FOR_CONTENT_TYPE.get((content_type or "").split(";")[0].strip().lower())


def document_name(filename: str, kind: str | None, *, fallback: str = "document") -> str:
    """`filename` without its extensions, plus the extension of `kind` ('pdf', 'docx'…).

    Every trailing extension goes ("Resume.pdf.hta" → "Resume.pdf"), so a name never carries
    one the content does not match. Without a known kind the name has no extension at all.
    """
    stem = (filename or "").strip().replace("/", "_").replace("\\", "_")
    while _EXTENSION.search(stem):
        stem = _EXTENSION.sub("", stem)
    stem = stem.strip(" .") or fallback
    extension = f".{kind}" if kind in CONTENT_TYPES else ""
    return stem[: MAX_NAME - len(extension)] + extension
