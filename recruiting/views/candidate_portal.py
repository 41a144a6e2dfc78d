"""The candidate's own pages, reached through signed links in our emails (no account).

The status page (one per application) and the offer page (one per sent offer). A link that is
forged, altered or no longer valid says so plainly and changes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.errors import DomainError
from backoffice.core.net import client_address
from recruiting.models.offers import Offer
from recruiting.selectors.candidate_status import candidate_status
from recruiting.services import candidate_links, offer_answers, offer_letters, retention
from recruiting.services import skills_test as skills_tests
from recruiting.services.interviews import interview_ics


def _no_store(response: HttpResponse) -> HttpResponse:
    # The link is the credential: kept out of caches and out of other sites' Referer headers
    # ("no-referrer" would also blank the Origin of the page's own forms, failing CSRF).
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    return response


@login_not_required
@never_cache
@require_GET
def application_status(request: HttpRequest, token: str) -> HttpResponse:
    application = candidate_links.application_for_status_token(token)
    if application is None:
        return render(request, "recruiting/careers/status_invalid.html", status=404)
    status = candidate_status(application)
    context = {
        "status": status,
        "application": application,
        "token": token,
        "withdraw_token": retention.withdraw_token(application) if status.can_withdraw else "",
        "test_token": skills_tests.token_for(status.test) if status.test else "",
        "offer_token": candidate_links.offer_token(status.offer) if status.offer else "",
    }
    return _no_store(render(request, "recruiting/careers/status.html", context))


@login_not_required
@require_GET
def application_interview_ics(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """The candidate's calendar file for one of their own scheduled interviews."""
    application = candidate_links.application_for_status_token(token)
    if application is None:
        raise Http404("No such interview")
    interview = next((i for i in candidate_status(application).interviews if i.pk == pk), None)
    if interview is None:
        raise Http404("No such interview")
    candidate = application.candidate
    ics = interview_ics(
        interview,
        method="request",
        attendees=[(candidate.name, candidate.email)],
        for_candidate=True,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return _no_store(response)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def offer_answer(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the letter and the two answers. POST action=accept (typed name and the box) or
    action=decline (an optional reason)."""
    offer = candidate_links.offer_for_token(token)
    problem = offer_answers.offer_link_problem(offer)
    error = ""
    if request.method == "POST" and not problem:
        try:
            if request.POST.get("action") == "accept":
                offer_answers.offer_accept_by_candidate(
                    token=token,
                    typed_name=request.POST.get("typed_name", ""),
                    accepted=request.POST.get("accept") == "yes",
                    ip_address=client_address(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            elif request.POST.get("action") == "decline":
                offer_answers.offer_decline_by_candidate(
                    token=token, reason=request.POST.get("reason", "")[:2000]
                )
            else:
                raise offer_answers.OfferLinkRefused("Choose to accept or to decline the offer.")
        except DomainError as refused:
            error = refused.text
        else:
            return redirect("careers:offer", token=token)
    if offer is None:
        return _no_store(
            render(request, "recruiting/careers/offer.html", {"problem": problem}, status=404)
        )
    context = {
        "offer": offer,
        "token": token,
        "problem": problem,
        "error": error,
        "status_token": candidate_links.status_token(offer.application),
        "answered": offer.status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED),
    }
    status = 400 if error else 410 if problem and request.method == "POST" else 200
    return _no_store(render(request, "recruiting/careers/offer.html", context, status=status))


@login_not_required
@require_GET
def offer_pdf_for_candidate(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's copy of their letter (signed, once they accepted)."""
    offer = candidate_links.offer_for_token(token)
    if offer is None:
        raise Http404("No such offer")
    signature = getattr(offer, "signature", None) if offer.status == Offer.Status.ACCEPTED else None
    return _no_store(offer_pdf_response(offer, signature))


def offer_pdf_response(offer: Offer, signature) -> HttpResponse:
    pdf = offer_letters.offer_letter_pdf(offer, signature=signature)
    response = HttpResponse(pdf, content_type="application/pdf")
    kind = "signed-offer" if signature else "offer"
    response["Content-Disposition"] = f'attachment; filename="{kind}-{offer.pk}.pdf"'
    return response
