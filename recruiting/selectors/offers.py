"""Reads of offers."""

from __future__ import annotations

from django.http import Http404

from recruiting.models.offers import Offer


def offer_get_for_user(user, pk: int) -> Offer:
    offer = (
        Offer.objects.visible_to(user)
        .select_related(
            "application__candidate",
            "application__requisition__department",
            "application__requisition__hiring_manager",
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise Http404("No such offer")
    return offer
