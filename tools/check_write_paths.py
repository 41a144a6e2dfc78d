#!/usr/bin/env python3
"""One write path per state machine: only a model's own service module changes its state field.

Walks every Python module of the project (AST, no imports) and reports each place that assigns
`<something>.stage = ...` / `<something>.status = ...` or calls `.update(stage=...)` /
`.update(status=...)` (also `bulk_update(..., ["status"])`-style field lists) outside the modules
that own those transitions. Migrations, data generators (demo.py, scale.py), benchmarks and tests
are allowed explicitly: they build states directly on purpose.

Usage: python tools/check_write_paths.py [ROOT]   (exit status 1 when there are offenders)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

STATE_FIELDS = frozenset({"stage", "status"})

# The service modules that own a state machine: application_move (Application.stage),
# requisition_transition, offer_transition, the employee's services and each app's own.
OWNERS = frozenset(
    {
        "recruiting/services/applications.py",  # Application.stage: application_move
        "recruiting/services/requisitions.py",  # Requisition.status: requisition_transition
        "recruiting/services/offers.py",  # Offer.status: offer_transition
        "recruiting/services/resume_text.py",  # ResumeText.status: reading a resume
        "backoffice/people/services.py",  # Employee.status: employee_activate
        "backoffice/notifications/services/delivery.py",  # ReminderLedger.status
        "backoffice/notifications/services/outbox.py",  # OutboxMessage/OutboxEvent.status
        "backoffice/webhooks/services.py",  # WebhookDelivery.status
        "performance/services/goals.py",  # Goal.status
        "performance/services/reviews.py",  # Review.status: reviews_transition
        "performance/services/cycles.py",  # ReviewCycle.status: _cycle_move
        "performance/services/development.py",  # DevelopmentItem.status
    }
)

# Modules outside the owners that may write state directly, each with its reason.
ALLOWED = {
    # Data generators: they build demo and benchmark rows in the states they need.
    "demo.py": "data generator",
    "scale.py": "data generator",
}
ALLOWED_DIRS = ("migrations/", "tests/", "bench/", ".venv/", "node_modules/", "static/")

# Known offenders owned by another piece of work, listed so that they stay visible.
KNOWN: dict[str, str] = {}


@dataclass(frozen=True)
class Offence:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} outside its service module"


def _field_names(node: ast.AST) -> set[str]:
    """String constants in a list/tuple literal (bulk_update's field list)."""
    if not isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return set()
    return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def _assigned(node: ast.AST) -> list[str]:
    """`x.stage = ...`, `x.status += ...`, `a.status, b = ...`: the state fields assigned."""
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return []
    elements = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
    return [e.attr for e in elements if isinstance(e, ast.Attribute) and e.attr in STATE_FIELDS]


def _called(node: ast.AST) -> list[str]:
    """`.update(status=...)`, `.bulk_update(rows, ["stage"])`, `setattr(x, "status", ...)`."""
    if not isinstance(node, ast.Call):
        return []
    func = node.func
    if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
        name = node.args[1]
        is_state = isinstance(name, ast.Constant) and name.value in STATE_FIELDS
        return [f"setattr(..., {name.value!r})"] if is_state else []
    if not isinstance(func, ast.Attribute):
        return []
    if func.attr == "update":
        return [f"update({k.arg}=...)" for k in node.keywords if k.arg in STATE_FIELDS]
    if func.attr == "bulk_update":
        fields = set().union(*(_field_names(a) for a in node.args[1:2]))
        fields |= set().union(*(_field_names(k.value) for k in node.keywords if k.arg == "fields"))
        return [f"bulk_update of {field}" for field in sorted(fields & STATE_FIELDS)]
    return []


def offences_in(source: str, path: str) -> list[Offence]:
    found = []
    for node in ast.walk(ast.parse(source, filename=path)):
        found += [Offence(path, node.lineno, f"assigns .{field}") for field in _assigned(node)]
        found += [Offence(path, node.lineno, what) for what in _called(node)]
    return found


def is_allowed(path: str) -> bool:
    if path in OWNERS or path in KNOWN:
        return True
    if path.startswith(ALLOWED_DIRS) or any(f"/{part}" in path for part in ALLOWED_DIRS):
        return True
    return Path(path).name in ALLOWED


def check(root: Path) -> list[Offence]:
    offences = []
    for file in sorted(root.rglob("*.py")):
        path = file.relative_to(root).as_posix()
        if is_allowed(path):
            continue
        offences += offences_in(file.read_text(encoding="utf-8"), path)
    return offences


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    offences = check(root)
    for offence in offences:
        print(offence)
    if offences:
        print(f"{len(offences)} state write(s) outside the owning service modules.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
