"""A readable side-by-side diff of two policy texts (difflib), for HR before publishing."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT_LINES = 2


@dataclass(frozen=True)
class DiffRow:
    """One line of the side-by-side table; `kind` is equal, removed, added or changed."""

    kind: str
    old_number: int | None
    old_text: str
    new_number: int | None
    new_text: str


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
