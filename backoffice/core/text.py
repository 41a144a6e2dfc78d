"""Single-line text: names and subjects never carry a line break into a header or a page."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# Every character that ends a line somewhere: CR, LF, VT, FF, the file/group/record separators,
# NEL and the Unicode line and paragraph separators (str.splitlines() splits on all of them).
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[\\s{_LINE_BREAKS}]*[{_LINE_BREAKS}][\\s{_LINE_BREAKS}]*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line(text: str) -> str:
    """`text` on one line: each run of whitespace holding a line break becomes one space."""
    text = _BREAK_RUN.sub(" ", text or "")
    return _CONTROL.sub("", text).strip()


@deconstructible
class SingleLineValidator:
    """Refuse line breaks and other control characters (a name goes into email headers)."""

    message = "This must be on one line, without line breaks or control characters."
    code = "not_single_line"

    def __call__(self, value) -> None:
        text = str(value or "")
        if any(char in _LINE_BREAKS for char in text) or _CONTROL.search(text):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, SingleLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_single_line = SingleLineValidator()
