"""Reads of offers."""

from __future__ import annotations

from django.http import Http404

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
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


def _waiting_for(user):
    from recruiting.models.requisitions import Requisition

    if user.is_hr:
        return Offer.objects.filter(status=Offer.Status.DRAFT)
    return Offer.objects.filter(
        status=Offer.Status.APPROVED,
        application__requisition__hiring_manager=user,
    ).exclude(application__requisition__status=Requisition.Status.CANCELLED)


PANEL_COLUMNS = (
    "application_id",
    "salary",
    "salary_currency",
    "created_at",
    "application__candidate__name",
    "application__requisition__title",
)


def _waiting_list(*, user_id: int, viewer, limit: int):
    waiting = _waiting_for(as_viewer(viewer, user_id))
    # The columns the panel shows: planning every column of four joined tables cost more
    # than running the query (issue 22).
    return (
        waiting.select_related("application__candidate", "application__requisition")
        .only(*PANEL_COLUMNS)
        .order_by("created_at", "pk")[:limit]
    )


# On the home page of HR and hiring managers at every visit: compiled once per process.
_waiting = CompiledOnce(Offer, _waiting_list)


def offers_waiting_for(user, *, limit: int = 8) -> tuple[int, list[Offer]]:
    """Offers that need `user` now: for HR the drafts to approve; for a hiring manager the
    approved offers of their requisitions, ready to send to the candidate. Oldest first."""
    shape = {"viewer": user, "limit": limit}
    items = _waiting((*viewer_key(user), limit), shape, user_id=user.pk)
    return (len(items) if len(items) < limit else _waiting_for(user).count()), items
