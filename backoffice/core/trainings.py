"""The seam through which a development plan assigns trainings without knowing who owns them.

Onboarding owns the training catalogue and the completion records; performance plans
development. The core imports neither: onboarding registers its callables here when it starts
(onboarding/seams.py), and performance asks `training_catalogue()`, which is None when no app
provides trainings (the plan then offers shadowing and stretch tasks only).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainingCatalogue:
    # () -> [(training id, title)] of the trainings one may assign
    choices: Callable[[], list[tuple[int, str]]]
    # (*, employee, training_id, due_on, note, by, origin="") -> None: put the training on the
    # person's list; `origin` says where it came from ("Development plan: Spreadsheets")
    assign: Callable[..., None]
    # (*, employee_ids, training_ids) -> {(employee id, training id): latest completion date}
    completions: Callable[..., dict[tuple[int, int], datetime.date]]


_catalogue: list[TrainingCatalogue] = []


def training_catalogue_register(catalogue: TrainingCatalogue) -> None:
    _catalogue[:] = [catalogue]


def training_catalogue() -> TrainingCatalogue | None:
    return _catalogue[0] if _catalogue else None
