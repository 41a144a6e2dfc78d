"""The candidate's own signed links: the private status page and the offer page.

Both are signed with Django's TimestampSigner under their own salt, so a link made for one
purpose never opens the other, and any change to a link breaks its signature.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from recruiting.models.candidates import Application
from recruiting.models.offers import Offer
from recruiting.services import retention

STATUS_SALT = "recruiting.application-status"
OFFER_SALT = "recruiting.offer-answer"
# An offer link is checked against the offer's own expiry; this only bounds a link's age.
OFFER_LINK_MAX_AGE = datetime.timedelta(days=180)


def status_token(application: Application) -> str:
    return signing.dumps(application.pk, salt=STATUS_SALT, compress=True)


def application_for_status_token(token: str) -> Application | None:
    """The application a status link names, or None when forged or older than retention."""
    max_age = datetime.timedelta(days=settings.CANDIDATE_RETENTION_DAYS)
    try:
        application_id = signing.loads(token, salt=STATUS_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(application_id, int):
        return None
    return (
        Application.objects.select_related("candidate", "requisition")
        .filter(pk=application_id, candidate__anonymised_at__isnull=True)
        .first()
    )


def status_url(application: Application) -> str:
    return settings.SITE_URL + reverse("careers:status", args=[status_token(application)])


def withdraw_url(application: Application) -> str:
    token = retention.withdraw_token(application)
    return settings.SITE_URL + reverse("careers:withdraw", args=[token])


def offer_token(offer: Offer) -> str:
    """Single-purpose: names the offer and the exact letter it was sent with."""
    return signing.dumps(
        {"offer": offer.pk, "letter": offer.letter_sha256[:16]}, salt=OFFER_SALT, compress=True
    )


def offer_url(offer: Offer) -> str:
    return settings.SITE_URL + reverse("careers:offer", args=[offer_token(offer)])


def offer_for_token(token: str) -> Offer | None:
    """The offer a link names (whatever its status), or None when the link is not genuine."""
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=OFFER_LINK_MAX_AGE)
        offer_id, letter = data["offer"], data["letter"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    offer = (
        Offer.objects.select_related(
            "application__candidate", "application__requisition__hiring_manager"
        )
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or not offer.letter_sha256 or offer.letter_sha256[:16] != letter:
        return None
    return offer


def candidate_email_context(application: Application) -> dict:
    """What every email to a candidate carries: the status page and the withdraw links."""
    return {"status_url": status_url(application), "withdraw_url": withdraw_url(application)}
