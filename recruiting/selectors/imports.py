"""Reads for the candidate import page: an example file built from the real open jobs."""

from __future__ import annotations

from recruiting.models.candidates import Application
from recruiting.models.requisitions import Requisition
from recruiting.services.imports import CSV_COLUMNS

# name, phone, source, stage, tags (separated by ";")
EXAMPLE_PEOPLE = [
    ("Maria Jansen", "+31 6 1111 2222", "Job fair", Application.Stage.APPLIED, "job fair;dutch"),
    ("Tom de Wit", "", "Agency", Application.Stage.SCREENING, "agency"),
    ("Sara Bakker", "+31 20 555 0100", "Referral", Application.Stage.INTERVIEW, ""),
]


def candidate_import_example() -> list[list[str]]:
    """The header and three rows a person could import: each names a real open job (by its
    title; its number works too) and an importable stage. Empty rows if no job is open."""
    jobs = list(Requisition.objects.public().order_by("-opened_at", "pk")[:3])
    rows = [list(CSV_COLUMNS)]
    if not jobs:
        return rows
    for index, (name, phone, source, stage, tags) in enumerate(EXAMPLE_PEOPLE):
        job = jobs[index % len(jobs)]
        email = name.lower().replace(" ", ".") + "@example.org"
        rows.append([name, email, phone, source, job.title, stage.value, tags])
    return rows
