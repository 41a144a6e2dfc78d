"""The emails of an offer, each written to the outbox in the transaction of its change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from backoffice.notifications.services import outbox_email
from backoffice.people.models import User
from backoffice.people.roles import Role
from recruiting.models.offers import Offer
from recruiting.services import candidate_links, offer_letters


def offer_sent_email(*, offer: Offer) -> None:
    """The candidate gets the letter (HTML, text and PDF) with their signed offer link."""
    application = offer.application
    candidate, requisition = application.candidate, application.requisition
    pdf = offer_letters.offer_letter_pdf(offer)
    outbox_email(
        key=f"recruiting.offer_sent:{offer.pk}",
        to=[candidate.email],
        reply_to=[requisition.hiring_manager.email],
        subject=f"Your offer for {requisition.title}",
        template="recruiting_offer",
        context={
            "offer": offer,
            "candidate": candidate,
            "requisition": requisition,
            "letter_html": offer.letter_html,
            "offer_url": candidate_links.offer_url(offer),
            **candidate_links.candidate_email_context(application),
        },
        attachments=[(f"offer-{offer.pk}.pdf", pdf, "application/pdf")],
    )


def _hr_addresses() -> list[str]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.HR)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def offer_declined_notify(*, offer: Offer) -> None:
    """The hiring manager and HR hear that the offer was declined, with the reason given."""
    application = offer.application
    manager = application.requisition.hiring_manager
    recipients = list(dict.fromkeys([manager.email, *_hr_addresses()]))
    outbox_email(
        key=f"recruiting.offer_declined:{offer.pk}",
        to=recipients,
        subject=f"{application.candidate} declined the offer for {application.requisition.title}",
        template="recruiting_offer_declined",
        context={
            "offer": offer,
            "application": application,
            "by_phone": offer.response_channel == Offer.ResponseChannel.PHONE,
            "path": reverse("recruiting:application_detail", args=[application.pk]),
        },
    )


def welcome_email(*, user: User, employee) -> None:
    """The new hire's invitation to set a password, through Django's password-reset link.

    The link is made now, in the hire's transaction: the token stays valid until the password
    is set (or PASSWORD_RESET_TIMEOUT passes), whenever the relay sends it.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    outbox_email(
        key=f"recruiting.welcome:{employee.pk}",
        to=[user.email],
        subject="Welcome: set your password",
        template="recruiting_welcome",
        context={"user": user, "url": settings.SITE_URL + path},
    )
