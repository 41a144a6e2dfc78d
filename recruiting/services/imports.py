"""Candidates from elsewhere: HR imports a CSV of people who applied through other channels.

Each row is checked in Python against lookups made once for the whole file (the queries do
not grow with the rows); the report names every bad row and every duplicate by its line.
The cards themselves are created by applications.applications_import, the pipeline's own
write path.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from backoffice.core.errors import DomainError
from recruiting.models.candidates import Application, Candidate, Tag
from recruiting.models.requisitions import Requisition
from recruiting.services.applications import (
    IMPORTABLE_STAGES,
    ImportedApplication,
    applications_import,
)
from recruiting.validators import validate_single_line

CSV_COLUMNS = ["name", "email", "phone", "source", "requisition", "stage", "tags"]
REQUIRED_COLUMNS = ["name", "email", "requisition"]
# A file is imported within one web request (bench/candidate_imports.py: about 2 s).
IMPORT_MAX_ROWS = 10_000
IMPORT_BATCH_SIZE = 2_000
REPORT_ROWS_LISTED = 100
DEFAULT_SOURCE = "CSV import"
TAG_SEPARATORS = (";", "|")
RACE_MESSAGE = (
    "Nothing was imported: one of these people became a candidate while the file was being "
    "checked. Upload the file again; they will be reported as duplicates."
)

_validate_email = EmailValidator()


class ImportMode:
    ALL_OR_NOTHING = "all_or_nothing"
    GOOD_ROWS = "good_rows"
    CHOICES = [
        (ALL_OR_NOTHING, "Import nothing if any row is bad"),
        (GOOD_ROWS, "Import the good rows and skip the bad ones"),
    ]


@dataclass
class CandidateImportReport:
    mode: str
    rows: int = 0
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)
    duplicates: list[tuple[int, str]] = field(default_factory=list)  # (line, message)

    @property
    def skipped(self) -> int:
        return self.rows - self.imported

    @property
    def problem_count(self) -> int:
        return len(self.errors) + len(self.duplicates)

    @property
    def problems(self) -> list[tuple[int, str, str]]:
        """Every row not imported, in file order: (line, "bad row" or "duplicate", message)."""
        rows = [(line, "bad row", message) for line, message in self.errors]
        rows += [(line, "duplicate", message) for line, message in self.duplicates]
        return sorted(rows)

    @property
    def problems_listed(self) -> list[tuple[int, str, str]]:
        return self.problems[:REPORT_ROWS_LISTED]

    @property
    def problems_not_listed(self) -> int:
        return max(self.problem_count - REPORT_ROWS_LISTED, 0)


def _read_rows(text: str) -> list[tuple[int, dict]] | None:
    """The data rows as (line number, dict), or None when the header lacks a column."""
    reader = csv.DictReader(io.StringIO(text))
    fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if any(column not in fieldnames for column in REQUIRED_COLUMNS):
        return None
    reader.fieldnames = fieldnames
    return [(reader.line_num, row) for row in reader]


def _cell(row: dict, column: str) -> str:
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


@dataclass
class _Lookups:
    """What the file names, each fetched in one query whatever the file's length."""

    existing_emails: set[str]
    requisitions_by_id: dict[int, Requisition]
    requisitions_by_title: dict[str, list[Requisition]]


def _lookups(rows: list[dict]) -> _Lookups:
    emails = {_cell(row, "email").lower() for row in rows} - {""}
    existing = set(
        Candidate.objects.annotate(lower_email=Lower("email"))
        .filter(lower_email__in=emails)
        .values_list("lower_email", flat=True)
    )
    named = {_cell(row, "requisition") for row in rows} - {""}
    ids = {int(name) for name in named if name.isdigit() and len(name) < 10}
    titles = {name.lower() for name in named}
    requisitions = list(
        Requisition.objects.annotate(lower_title=Lower("title")).filter(
            Q(pk__in=ids) | Q(lower_title__in=titles)
        )
    )
    by_title: dict[str, list[Requisition]] = {}
    for requisition in requisitions:
        by_title.setdefault(requisition.title.lower(), []).append(requisition)
    return _Lookups(existing, {r.pk: r for r in requisitions}, by_title)


def _text(row: dict, column: str, *, max_length: int, required: bool = False) -> str:
    value = _cell(row, column)
    if required and not value:
        raise ValidationError(f"The {column} is missing.")
    if len(value) > max_length:
        raise ValidationError(f"The {column} is longer than {max_length} characters.")
    try:
        validate_single_line(value)
    except ValidationError:
        raise ValidationError(f"The {column} must be one line of plain text.") from None
    return value


def _requisition(row: dict, lookups: _Lookups) -> Requisition:
    named = _cell(row, "requisition")
    if not named:
        raise ValidationError("The requisition is missing.")
    requisition = lookups.requisitions_by_id.get(int(named)) if named.isdigit() else None
    if requisition is None:
        matches = [
            r
            for r in lookups.requisitions_by_title.get(named.lower(), [])
            if r.status == Requisition.Status.OPEN
        ] or lookups.requisitions_by_title.get(named.lower(), [])
        if len(matches) > 1:
            raise ValidationError(f"Several open jobs are called “{named}”: give its number.")
        requisition = matches[0] if matches else None
    if requisition is None:
        raise ValidationError(f"No requisition “{named}”.")
    if requisition.status != Requisition.Status.OPEN:
        raise ValidationError(f"{requisition} is not open ({requisition.get_status_display()}).")
    return requisition


def _stage(row: dict) -> str:
    named = _cell(row, "stage").lower() or Application.Stage.APPLIED
    labels = {stage.label.lower(): stage.value for stage in Application.Stage}
    stage = labels.get(named, named)
    if stage == Application.Stage.HIRED:
        raise ValidationError(
            "Hired is refused: a candidate is hired only when they accept an offer."
        )
    if stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN):
        raise ValidationError(
            f"{Application.Stage(stage).label} is refused: import the candidate at an open "
            "stage, then reject or withdraw them with a reason."
        )
    if stage not in IMPORTABLE_STAGES:
        allowed = ", ".join(str(s) for s in IMPORTABLE_STAGES)
        raise ValidationError(f"“{_cell(row, 'stage')}” is not a stage (use one of {allowed}).")
    return stage


def _tags(row: dict) -> tuple[str, ...]:
    text = _cell(row, "tags")
    for separator in TAG_SEPARATORS[1:]:
        text = text.replace(separator, TAG_SEPARATORS[0])
    tags = tuple(tag.strip() for tag in text.split(TAG_SEPARATORS[0]) if tag.strip())
    for tag in tags:
        if len(tag) > Tag._meta.get_field("name").max_length:
            raise ValidationError(f"The tag “{tag[:20]}…” is longer than 40 characters.")
        try:
            validate_single_line(tag)
        except ValidationError:
            raise ValidationError("A tag must be one line of plain text.") from None
    return tags


@dataclass(frozen=True)
class _CheckedRow:
    application: ImportedApplication
    tags: tuple[str, ...]


def _check_row(row: dict, lookups: _Lookups) -> _CheckedRow:
    """The card a row asks for, or a ValidationError saying what is wrong (no query)."""
    name = _text(row, "name", max_length=150, required=True)
    email = _text(row, "email", max_length=254, required=True).lower()
    try:
        _validate_email(email)
    except ValidationError:
        raise ValidationError(f"“{email}” is not an email address.") from None
    application = ImportedApplication(
        requisition=_requisition(row, lookups),
        name=name,
        email=email,
        phone=_text(row, "phone", max_length=40),
        source=_text(row, "source", max_length=40) or DEFAULT_SOURCE,
        stage=_stage(row),
    )
    return _CheckedRow(application=application, tags=_tags(row))


def _check_rows(rows: list[tuple[int, dict]], report: CandidateImportReport) -> list[_CheckedRow]:
    lookups = _lookups([row for _line, row in rows])
    good: list[_CheckedRow] = []
    first_line: dict[str, int] = {}
    for line, row in rows:
        try:
            checked = _check_row(row, lookups)
        except ValidationError as error:
            report.errors.append((line, " ".join(error.messages)))
            continue
        email = checked.application.email
        if email in lookups.existing_emails:
            # Never merged: their profile stays as it is (anyone can claim an address).
            report.duplicates.append(
                (line, f"{email} is already a candidate: not imported, their profile unchanged.")
            )
        elif email in first_line:
            report.duplicates.append(
                (line, f"{email} is also on line {first_line[email]}: only that row counts.")
            )
        else:
            first_line[email] = line
            good.append(checked)
    return good


def _tags_add(candidate_tags: list[tuple[int, tuple[str, ...]]]) -> None:
    """Tag the new candidates: missing tags are created; any case matches an existing tag."""
    wanted = {tag.lower(): tag for _pk, tags in candidate_tags for tag in tags}
    if not wanted:
        return
    tags = {
        tag.name.lower(): tag
        for tag in Tag.objects.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)
    }
    missing = [Tag(name=name) for lower, name in wanted.items() if lower not in tags]
    tags |= {tag.name.lower(): tag for tag in Tag.objects.bulk_create(missing)}
    through = Candidate.tags.through
    through.objects.bulk_create(
        [
            through(candidate_id=pk, tag_id=tags[lower].pk)
            for pk, names in candidate_tags
            for lower in {name.lower() for name in names}
        ],
        batch_size=IMPORT_BATCH_SIZE,
    )


@transaction.atomic
def candidates_import(*, text: str, by, mode: str) -> CandidateImportReport:
    """Import candidates from CSV (name, email, phone, source, requisition, stage, tags).

    A row whose email belongs to an existing candidate, or repeats an earlier row's, is a
    duplicate: reported, never merged. Stages follow the pipeline (hired, rejected and
    withdrawn are refused). With ALL_OR_NOTHING any bad row or duplicate means nothing is
    imported; with GOOD_ROWS the good rows are.
    """
    if mode not in {ImportMode.ALL_OR_NOTHING, ImportMode.GOOD_ROWS}:
        raise ValueError(f"Unknown import mode {mode!r}")
    rows = _read_rows(text)
    if rows is None:
        header = "The header must have the columns " + ", ".join(CSV_COLUMNS)
        return CandidateImportReport(mode=mode, errors=[(1, header)])
    report = CandidateImportReport(mode=mode, rows=len(rows))
    good = _check_rows(rows, report)
    if (report.errors or report.duplicates) and mode == ImportMode.ALL_OR_NOTHING:
        return report
    try:
        with transaction.atomic():
            applications = applications_import(
                rows=[row.application for row in good], by=by, batch_size=IMPORT_BATCH_SIZE
            )
    except IntegrityError:
        # Someone applied or was added with one of these addresses while the file was read.
        report.errors.append((1, RACE_MESSAGE))
        return report
    except DomainError as error:  # a job closed meanwhile
        report.errors.append((1, f"Nothing was imported: {error.text}"))
        return report
    _tags_add(
        [(a.candidate_id, row.tags) for a, row in zip(applications, good, strict=True) if row.tags]
    )
    report.imported = len(applications)
    return report
