"""The hiring signals report: which interview signals predicted how hires did."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from backoffice.core.report_cache import report_html
from performance.selectors import signal_outcomes as selectors


@require_GET
def hiring_signals(request: HttpRequest) -> HttpResponse:
    """HR and hiring managers; the per-interviewer figures are in the report for HR only."""
    if not selectors.can_see_report(request.user):
        raise PermissionDenied("The hiring signals report is for HR and hiring managers.")
    report = selectors.hiring_signals_report(request.user)
    body = report_html(
        "hiring_signals",
        report.version,
        lambda: render_to_string("performance/_hiring_signals_body.html", {"report": report}),
    )
    return render(request, "performance/hiring_signals.html", {"report": report, "body": body})
