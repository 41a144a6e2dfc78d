"""The base of every refused domain action.

Services raise a subclass (`ApplicationMoveError`, `CycleError`, ...) with a message written for
the person who asked; views catch `DomainError` the same way everywhere: show the message (or a
400 for htmx) and change nothing. It extends ValidationError so forms can add it to their errors.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A domain rule refused the action; `.messages` says why, in words for the user."""

    @property
    def text(self) -> str:
        return " ".join(self.messages)
