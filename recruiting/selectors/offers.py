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


def offers_waiting_for(user, *, limit: int = 8) -> tuple[int, list[Offer]]:
    """Offers that need `user` now: for HR the drafts to approve; for a hiring manager the
    approved offers of their requisitions, ready to send to the candidate. Oldest first."""
    from recruiting.models.requisitions import Requisition

    if user.is_hr:
        waiting = Offer.objects.filter(status=Offer.Status.DRAFT)
    else:
        waiting = Offer.objects.filter(
            status=Offer.Status.APPROVED,
            application__requisition__hiring_manager=user,
        ).exclude(application__requisition__status=Requisition.Status.CANCELLED)
    items = list(
        waiting.select_related("application__candidate", "application__requisition").order_by(
            "created_at", "pk"
        )[:limit]
    )
    return (len(items) if len(items) < limit else waiting.count()), items
