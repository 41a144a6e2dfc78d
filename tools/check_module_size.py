#!/usr/bin/env python3
"""No product module past 500 lines: a module that grows that far becomes a package.

Counts the lines of every Python module in the product packages (not tests, migrations, vendored
files or this folder) and reports those over the limit.

Usage: python tools/check_module_size.py [ROOT]   (exit status 1 when a module is too long)
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 500
PRODUCT_PACKAGES = ("backoffice", "recruiting", "onboarding", "performance")
SKIPPED_DIRS = frozenset({"migrations", "vendor", "__pycache__"})


def product_modules(root: Path) -> list[Path]:
    modules = []
    for package in PRODUCT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
                modules.append(path)
    return modules


def too_long(root: Path, limit: int = LIMIT) -> list[tuple[str, int]]:
    found = []
    for path in product_modules(root):
        with path.open(encoding="utf-8") as lines:
            count = sum(1 for _ in lines)
        if count > limit:
            found.append((path.relative_to(root).as_posix(), count))
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent
    found = too_long(root)
    for path, count in found:
        print(f"{path}: {count} lines (limit {LIMIT}); split it into a package, one module a part")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
