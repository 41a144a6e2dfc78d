"""The name of an uploaded file, as people will see it later (pages, emails, downloads)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

_MARKUP_IN_NAME = re.compile(r"[<>\"'&`{}\\/]")
# Cc: control characters (null bytes…); Cf: invisible format characters, among them the
# right-to-left override that makes "cv‮fdp.exe" look like "cvexe.pdf" and zero-width spaces.
_REFUSED_CATEGORIES = {"Cc", "Cf"}


def clean_filename(name: str, *, max_length: int = 150) -> str:
    """Refuse markup, control and invisible format characters outright; keep the tail."""
    name = (name or "").strip()
    if (
        not name
        or _MARKUP_IN_NAME.search(name)
        or any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in name)
    ):
        raise ValidationError(
            "The file name may contain only letters, digits, spaces, dots, dashes and "
            "underscores. Please rename the file and try again.",
            code="bad_name",
        )
    return name[-max_length:]
