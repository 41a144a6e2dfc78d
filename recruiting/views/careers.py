"""The public careers page: open jobs, a job, and the application form. No sign-in needed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from redis.exceptions import RedisError

from backoffice.core.errors import DomainError
from backoffice.core.net import client_address
from recruiting import services
from recruiting.filters import CareersFilter
from recruiting.forms.candidates import ApplicationForm
from recruiting.models.requisitions import Requisition
from recruiting.services import intake

logger = logging.getLogger(__name__)

# At most this many application posts per client address per window. The default cache is
# per process; production should configure a shared cache (Redis) so the limit holds across
# workers (see the README).
APPLY_RATE_LIMIT = getattr(settings, "RECRUITING_APPLY_RATE_LIMIT", 5)
APPLY_RATE_WINDOW_SECONDS = 60 * 60


@login_not_required
@require_GET
def careers_list(request: HttpRequest) -> HttpResponse:
    jobs = Requisition.objects.public().select_related("department").order_by("-opened_at", "pk")
    job_filter = CareersFilter(request.GET, queryset=jobs)
    page = Paginator(job_filter.qs, 20).get_page(request.GET.get("page"))
    return render(request, "recruiting/careers/list.html", {"filter": job_filter, "page_obj": page})


NEVER_PUBLIC = (Requisition.Status.DRAFT, Requisition.Status.PENDING_APPROVAL)


def _job_closed(request: HttpRequest, job: Requisition) -> HttpResponse:
    """A job that was public and closed is gone (410), so search engines and job boards drop
    it; one that never opened (a draft) was never here (404)."""
    if job.opened_at is None or job.status in NEVER_PUBLIC:
        raise Http404("No such job")
    return render(request, "recruiting/careers/closed.html", {"job": job}, status=410)


def _rate_limited(request: HttpRequest) -> bool:
    # The one client address of the core: behind TRUSTED_PROXY_COUNT proxies, the hop they saw.
    key = f"recruiting:apply:{client_address(request)}"
    try:
        cache.add(key, 0, timeout=APPLY_RATE_WINDOW_SECONDS)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=APPLY_RATE_WINDOW_SECONDS)
            attempts = 1
    except RedisError:
        # Fail open: losing a real candidate's application is worse than letting a bot past
        # the limit for a while (the honeypot still stands).
        logger.warning("Careers rate limit not checked: the cache is unreachable", exc_info=True)
        return False
    return attempts > APPLY_RATE_LIMIT


@login_not_required
@require_http_methods(["GET", "POST"])
def careers_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        Requisition.objects.select_related("department").prefetch_related("skills"), pk=pk
    )
    if job.status != Requisition.Status.OPEN:
        return _job_closed(request, job)
    form = ApplicationForm(requisition=job)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            messages.error(
                request,
                "We received many applications from your network in the last hour. "
                "Please try again later.",
            )
            response = render(request, "recruiting/careers/detail.html", {"job": job, "form": form})
            response.status_code = 429
            return response
        form = ApplicationForm(request.POST, request.FILES, requisition=job)
        if form.is_valid() and form.is_bot():
            # Looks accepted to the bot; nothing is stored.
            return redirect("careers:applied", pk=job.pk)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["resume"]
            try:
                services.application_submit(
                    requisition=job,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    cover_letter=data["cover_letter"],
                    years_experience=data["years_experience"],
                    source=data["source"],
                    skills=data.get("skills", []),
                    location=data["location"],
                    link=data["link"],
                    resume=services.ResumeUpload(
                        file=upload,
                        filename=upload.name,
                        content_type=upload.document_content_type,
                    ),
                )
            except services.DuplicateApplication:
                # Answered exactly like a first application, so the form never tells anyone
                # whether an address has applied; the address's owner is told by email.
                intake.already_applied_notice(requisition=job, email=data["email"])
                return redirect("careers:applied", pk=job.pk)
            except DomainError as error:
                form.add_error(None, error.text)
            else:
                return redirect("careers:applied", pk=job.pk)
        status = 400
    response = render(request, "recruiting/careers/detail.html", {"job": job, "form": form})
    response.status_code = status
    return response


@login_not_required
@require_GET
def careers_applied(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(Requisition.objects.public(), pk=pk)
    return render(request, "recruiting/careers/applied.html", {"job": job})
