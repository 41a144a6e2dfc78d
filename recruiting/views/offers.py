"""Offer pages: create, change status, the letter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from recruiting.forms.offers import OfferForm, OfferTransitionForm
from recruiting.models.offer_letters import OfferSignature
from recruiting.models.offers import Offer
from recruiting.selectors import offers as offer_selectors
from recruiting.services import offers as offer_services
from recruiting.views.access import MANAGER_ROLES, _manageable, _render
from recruiting.views.candidate_portal import offer_pdf_response


@require_http_methods(["GET", "POST"])
@role_required(*MANAGER_ROLES)
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    requisition = application.requisition
    form = OfferForm(
        request.POST or None,
        initial={
            "employment_type": requisition.employment_type,
            "salary": requisition.salary_min,
            **OfferForm.default_dates(requisition),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer_services.offer_create(
                application=application, by=request.user, **form.cleaned_data
            )
        except DomainError as refused:
            form.add_error(None, refused.text)
        else:
            messages.success(request, "Offer drafted. HR approves it before it is sent.")
            return redirect("recruiting:application_detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "recruiting/offer_form.html", {"form": form, "application": application}, status
    )


@require_POST
@role_required(*MANAGER_ROLES)
def offer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_selectors.offer_get_for_user(request.user, pk)
    form = OfferTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the offer.")
    else:
        to_status = form.cleaned_data["to_status"]
        if not offer.can_transition(to_status, request.user) and offer.status != to_status:
            raise PermissionDenied
        try:
            offer = offer_services.offer_transition(
                offer=offer,
                to_status=to_status,
                by=request.user,
                decline_reason=form.cleaned_data["decline_reason"],
            )
        except DomainError as refused:
            messages.error(request, refused.text)
        else:
            text = f"The offer is {offer.get_status_display().lower()}."
            if offer.status == Offer.Status.ACCEPTED and offer.employee_id:
                text += (
                    f" {offer.application.candidate} is hired and starts on "
                    f"{offer.start_date:%d %b %Y}."
                )
            messages.success(request, text)
    return redirect("recruiting:application_detail", pk=offer.application_id)


@require_GET
@role_required(*MANAGER_ROLES)
def offer_letter(request: HttpRequest, pk: int) -> HttpResponse:
    offer = offer_selectors.offer_get_for_user(request.user, pk)
    return render(
        request, "recruiting/offer_letter.html", offer_services.offer_letter_context(offer)
    )


@require_GET
@role_required(*MANAGER_ROLES)
def offer_signed_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed letter with its signature page: HR and the requisition's hiring manager."""
    offer = offer_selectors.offer_get_for_user(request.user, pk)
    signature = OfferSignature.objects.filter(offer=offer).first()
    if signature is None:
        raise Http404("This offer has no signature")
    return offer_pdf_response(offer, signature)
