"""A readable side-by-side diff of two policy texts (difflib), for HR before publishing."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

CONTEXT_LINES = 2


@dataclass(frozen=True)
class DiffRow:
    """One line of the side-by-side table; `kind` is equal, removed, added or changed."""

    kind: str
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str
    # (text, changed) pieces of each side: on a changed line, the words that differ are marked.
    old_parts: list[tuple[str, bool]] = field(default_factory=list)
    new_parts: list[tuple[str, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind == "changed":
            self.old_parts[:], self.new_parts[:] = _word_parts(self.old_text, self.new_text)
        else:
            self.old_parts[:] = [(self.old_text, False)]
            self.new_parts[:] = [(self.new_text, False)]


def _word_parts(old: str, new: str) -> tuple[list, list]:
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            old_parts.append(("".join(old_words[i1:i2]), changed))
        if j2 > j1:
            new_parts.append(("".join(new_words[j1:j2]), changed))
    return old_parts, new_parts


@dataclass(frozen=True)
class PolicyDiff:
    hunks: list[list[DiffRow]]
    added: int
    removed: int

    @property
    def unchanged(self) -> bool:
        return not self.hunks


def policy_diff(old: str, new: str) -> PolicyDiff:
    """Lines removed, added and changed between two texts, with a little context around each."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    hunks: list[list[DiffRow]] = []
    added = removed = 0
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        rows: list[DiffRow] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    DiffRow("equal", i + 1, old_lines[i], j + 1, new_lines[j])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            removed += i2 - i1
            added += j2 - j1
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                has_old, has_new = i < i2, j < j2
                kind = "changed" if has_old and has_new else ("removed" if has_old else "added")
                rows.append(
                    DiffRow(
                        kind,
                        i + 1 if has_old else None,
                        old_lines[i] if has_old else "",
                        j + 1 if has_new else None,
                        new_lines[j] if has_new else "",
                    )
                )
        hunks.append(rows)
    return PolicyDiff(hunks=hunks, added=added, removed=removed)
