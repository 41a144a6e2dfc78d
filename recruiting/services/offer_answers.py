"""The candidate's answer to an offer, through the signed link of the offer email.

Accepting is an electronic signature: the typed full name, the time, the IP address, the
user agent and the SHA-256 of the exact letter are stored once (OfferSignature) and the hire
runs in the same transaction. A link that is forged, names another letter, or whose offer is
expired, withdrawn or already answered is refused with a plain reason and changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from recruiting.models.offer_letters import OfferSignature
from recruiting.models.offers import Offer
from recruiting.services import candidate_links
from recruiting.services.offers import _locked, offer_status_write


class OfferLinkRefused(DomainError):
    """The link does not (or no longer) allow an answer."""


REFUSALS = {
    Offer.Status.ACCEPTED: "You have already accepted this offer. Welcome aboard! "
    "Check your email for how to set up your account.",
    Offer.Status.DECLINED: "You have already declined this offer; nothing more is needed.",
    Offer.Status.WITHDRAWN: "This offer has been withdrawn. If you have questions, please "
    "reply to the offer email.",
    Offer.Status.EXPIRED: "This offer has expired. If you still wish to discuss it, please "
    "reply to the offer email.",
}
CLOSED = (
    "This application is closed, so the offer can no longer be answered online. If you have "
    "questions, please reply to the offer email."
)
INVALID = "This offer link is not valid. Please use the link exactly as it is in our email."


def offer_link_problem(offer: Offer | None, *, now=None) -> str:
    """Why this link cannot take an answer now ("" when it can)."""
    if offer is None:
        return INVALID
    if offer.status in REFUSALS:
        return REFUSALS[offer.status]
    if offer.status != Offer.Status.SENT:
        return INVALID
    if offer.expires_on < timezone.localdate(now or timezone.now()):
        return REFUSALS[Offer.Status.EXPIRED]
    if not offer.application.is_open:
        return CLOSED
    return ""


def _open_offer(token: str, now) -> Offer:
    offer = candidate_links.offer_for_token(token)
    if offer is None:
        raise OfferLinkRefused(INVALID)
    locked = _locked(offer)
    problem = offer_link_problem(locked, now=now)
    if problem:
        raise OfferLinkRefused(problem)
    return locked


def _same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


@transaction.atomic
def offer_accept_by_candidate(
    *, token: str, typed_name: str, accepted: bool, ip_address: str, user_agent: str, now=None
) -> Offer:
    """The candidate signs: their full name as on the offer, and the box ticked."""
    now = now or timezone.now()
    offer = _open_offer(token, now)
    typed_name = " ".join((typed_name or "").split())[:200]
    if not accepted:
        raise OfferLinkRefused('Tick "I accept this offer" to accept it.')
    if not _same_name(typed_name, offer.application.candidate.name):
        raise OfferLinkRefused(
            "Type your full name exactly as it appears on the letter "
            f"({offer.application.candidate.name})."
        )
    offer.response_channel = Offer.ResponseChannel.CANDIDATE
    offer.response_recorded_by = None
    OfferSignature.objects.create(
        offer=offer,
        typed_name=typed_name,
        signed_at=now,
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        letter_sha256=offer.letter_sha256,
    )
    return offer_status_write(offer=offer, to_status=Offer.Status.ACCEPTED, by=None, now=now)


@transaction.atomic
def offer_decline_by_candidate(*, token: str, reason: str = "", now=None) -> Offer:
    """The candidate declines, optionally saying why; the hiring manager and HR are told."""
    now = now or timezone.now()
    offer = _open_offer(token, now)
    offer.response_channel = Offer.ResponseChannel.CANDIDATE
    offer.response_recorded_by = None
    return offer_status_write(
        offer=offer, to_status=Offer.Status.DECLINED, by=None, now=now, decline_reason=reason
    )
