"""The candidate list across requisitions: filters, bulk actions and the CSV export."""

from __future__ import annotations

import csv
import unicodedata

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.core.pagination import EstimatedCountPaginator, WindowCountPaginator
from backoffice.core.spreadsheet import csv_safe
from backoffice.people.roles import RECRUITING_ROLES, Role
from recruiting import services
from recruiting.filters import CandidateListFilter
from recruiting.forms.candidates import BulkActionForm
from recruiting.models.candidates import Application, RejectionReason
from recruiting.selectors import candidates as candidate_selectors
from recruiting.views.requisitions import url_of_pk

PAGE_SIZE = 25


@require_GET
@role_required(*RECRUITING_ROLES)
def candidate_list(request: HttpRequest) -> HttpResponse:
    queryset = candidate_selectors.candidate_list_page_queryset(request.user)
    candidate_filter = CandidateListFilter(request.GET, queryset=queryset, user=request.user)
    # Count-light: exact up to 1,000 rows, "about N" past them (the first 1,000 offered). A
    # ranked search holds the newest 1,000 matches at most: counted with the page.
    rows = candidate_filter.qs
    paginator = WindowCountPaginator if candidate_filter.search_bound else EstimatedCountPaginator
    page = paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    detail_url = url_of_pk("application_detail")  # one reverse() for the page's 25 links
    for application in page:
        application.detail_url = detail_url(application.pk)
    return render(
        request,
        "recruiting/candidate_list.html",
        {
            "filter": candidate_filter,
            "page_obj": page,
            "search_bound": candidate_filter.search_bound,
            "open_stages": [(s.value, s.label) for s in Application.OPEN_STAGES],
            "reasons": RejectionReason.objects.filter(is_active=True),
            "can_manage": Application.objects.manageable_by(request.user).exists(),
            "is_manager": request.user.has_role(Role.HR, Role.HIRING_MANAGER),
        },
    )


@require_POST
@role_required(*RECRUITING_ROLES)
def candidate_bulk(request: HttpRequest) -> HttpResponse:
    """Move, reject or tag the chosen applications; only the ones this user may manage."""
    form = BulkActionForm(
        request.POST, visible_applications=Application.objects.manageable_by(request.user)
    )
    back = request.POST.get("back", "")
    target = "recruiting:candidate_list"
    if not form.is_valid():
        errors = "; ".join(
            message for field_errors in form.errors.values() for message in field_errors
        )
        messages.error(request, f"Nothing was changed: {errors}")
        return _back(target, back)
    data = form.cleaned_data
    applications = list(data["applications"].select_related("candidate"))
    if data["action"] == "tag":
        count = services.candidates_tag(applications=applications, tag_name=data["tag"])
        messages.success(request, f"Tagged {count} candidate{'s' if count != 1 else ''}.")
        return _back(target, back)
    done, refused = 0, []
    for application in applications:
        try:
            if data["action"] == "move":
                services.application_move(
                    application=application, to_stage=data["to_stage"], by=request.user
                )
            else:
                services.application_reject(
                    application=application, by=request.user, reason=data["reason"]
                )
            done += 1
        except DomainError as error:
            refused.append(error.text)
    if done:
        messages.success(request, f"Updated {done} application{'s' if done != 1 else ''}.")
    for message in refused[:5]:
        messages.warning(request, message)
    if len(refused) > 5:
        messages.warning(request, f"…and {len(refused) - 5} more could not be changed.")
    return _back(target, back)


# A list URL with its filters is short; anything longer did not come from the list's form.
MAX_BACK = 2000


def _is_list_parameter(key: str) -> bool:
    # The list's filters, their range halves (experience_min, applied_after…) and the page.
    base = key.rsplit("_", 1)[0]
    return (
        key == "page"
        or key in CandidateListFilter.base_filters
        or (base in CandidateListFilter.base_filters and key != base)
    )


def _back(target: str, query: str) -> HttpResponse:
    """Back to the list with the filters it had: only our list's own parameters, re-encoded.

    A `back` with control characters (a line break would split the Location header), an
    over-long one, or parameters the list does not read are dropped; a URL, a path or another
    host never gets through (the result is checked as a local URL too).
    """
    url = reverse(target)
    query = query.strip().lstrip("?")
    if (
        not query
        or len(query) > MAX_BACK
        or any(unicodedata.category(char).startswith("C") for char in query)
    ):
        return redirect(url)
    given = QueryDict(query)
    kept = QueryDict(mutable=True)
    for key in given:
        if _is_list_parameter(key):
            kept.setlist(key, given.getlist(key))
    candidate = f"{url}?{kept.urlencode()}" if kept else url
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=None):
        url = candidate
    return redirect(url)


class _Echo:
    def write(self, value):
        return value


@require_GET
@role_required(*RECRUITING_ROLES)
def candidate_export(request: HttpRequest) -> StreamingHttpResponse:
    queryset = candidate_selectors.candidate_list_queryset(request.user)
    rows = CandidateListFilter(
        request.GET, queryset=queryset, user=request.user, snippets=False, listed=False
    ).qs
    writer = csv.writer(_Echo())
    header = [
        "Name", "Email", "Phone", "Requisition", "Stage", "Applied", "Years of experience",
        "Source", "Tags", "Rejection reason",
    ]  # fmt: skip

    def lines():
        yield writer.writerow(header)
        for application in rows.iterator(chunk_size=500):
            candidate = application.candidate
            yield writer.writerow(
                [
                    csv_safe(value)
                    for value in (
                        candidate.name,
                        candidate.email,
                        candidate.phone,
                        application.requisition.title,
                        application.get_stage_display(),
                        application.applied_at.date().isoformat(),
                        application.years_experience,
                        application.source,
                        ", ".join(tag.name for tag in candidate.tags.all()),
                        application.rejection_reason or "",
                    )
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="candidates.csv"'
    return response
