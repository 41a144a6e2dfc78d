"""HR's candidate import: upload a CSV, read the row-by-row report, download it or an example."""

from __future__ import annotations

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.access import role_required
from backoffice.core.spreadsheet import csv_safe
from backoffice.people.roles import Role
from recruiting.forms.imports import CandidateImportForm
from recruiting.selectors.imports import candidate_import_example
from recruiting.services import imports as import_services

# The last report's rows not imported, for its CSV download (the user's own session only).
REPORT_SESSION_KEY = "recruiting:candidate_import_report"


def _csv_response(rows: list[list], filename: str) -> HttpResponse:
    """A CSV download whose cells cannot run as spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([csv_safe(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.HR)
def candidate_import(request: HttpRequest) -> HttpResponse:
    form = CandidateImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = import_services.candidates_import(
            text=form.cleaned_data["file"], by=request.user, mode=form.cleaned_data["mode"]
        )
        request.session[REPORT_SESSION_KEY] = [list(problem) for problem in report.problems]
    # A report is the answer to the upload, even when it says nothing was imported.
    status = 422 if request.method == "POST" and report is None else 200
    return render(
        request,
        "recruiting/candidate_import.html",
        {"form": form, "report": report, "columns": import_services.CSV_COLUMNS},
        status=status,
    )


@require_GET
@role_required(Role.HR)
def candidate_import_example_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(candidate_import_example(), "candidates-example.csv")


@require_GET
@role_required(Role.HR)
def candidate_import_report_csv(request: HttpRequest) -> HttpResponse:
    """The rows the last import left out, with why: names and messages echo the file, so
    every cell is neutralised for spreadsheets."""
    problems = request.session.get(REPORT_SESSION_KEY, [])
    return _csv_response([["line", "outcome", "problem"], *problems], "candidate-import-report.csv")
