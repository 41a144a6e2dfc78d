"""Offers and the hire: draft → approved (HR) → sent → accepted / declined / expired."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_event
from backoffice.people import services as people_services
from backoffice.people.models import Employee, User
from recruiting.models.candidates import Application, RejectionReason
from recruiting.models.offer_letters import OfferSignature
from recruiting.models.offers import Offer
from recruiting.models.requisitions import Requisition
from recruiting.services import offer_emails, offer_letters
from recruiting.services.applications import application_move, application_reject
from recruiting.services.events import offer_accepted_event
from recruiting.services.hire_signals import hire_signals_record
from recruiting.services.requisitions import requisition_transition

FILLED_REASON = "Position filled"


class OfferRefused(DomainError):
    """The offer cannot be made or moved like this."""


@transaction.atomic
def offer_create(
    *,
    application: Application,
    by,
    salary: int,
    start_date: datetime.date,
    expires_on: datetime.date,
    employment_type: str = "",
    salary_currency: str = "",
) -> Offer:
    """Draft an offer for an application in the offer stage; one live offer per application."""
    application = (
        Application.objects.select_for_update().select_related("requisition").get(pk=application.pk)
    )
    if application.stage != Application.Stage.OFFER:
        raise OfferRefused("Move the application to Offer before drafting an offer.")
    if application.offers.filter(status__in=[*Offer.OPEN_STATUSES, Offer.Status.ACCEPTED]).exists():
        raise OfferRefused("This application already has a live offer.")
    today = timezone.localdate()
    if salary < 1:
        raise OfferRefused("Give a salary.")
    if expires_on < today:
        raise OfferRefused("The expiry date has passed.")
    if start_date < today:
        raise OfferRefused("The start date has passed.")
    requisition = application.requisition
    return Offer.objects.create(
        application=application,
        salary=salary,
        salary_currency=salary_currency or requisition.salary_currency,
        start_date=start_date,
        expires_on=expires_on,
        employment_type=employment_type or requisition.employment_type,
        created_by=by,
    )


@transaction.atomic
def offer_transition(
    *, offer: Offer, to_status: str, by, now=None, decline_reason: str = ""
) -> Offer:
    """The one way an offer's status changes (Offer.TRANSITIONS says who may take each step).

    Approving is HR's; sending, recording an answer given by phone and withdrawing are HR's or
    the hiring manager's; expiry is the system's (`by=None`). Sending freezes the letter and
    writes the candidate's email (letter, PDF and their signed link) to the outbox. An answer
    recorded here is logged as given by phone, with who recorded it; the candidate's own
    answer goes through `offer_answers`. Accepting hires, in the same transaction. Repeating a
    step already taken (accepting twice) changes nothing and returns the offer.
    """
    now = now or timezone.now()
    locked = _locked(offer)
    if locked.status == to_status:
        return locked
    allowed = (by is None and Offer.TRANSITIONS[locked.status].get(to_status) == "system") or (
        by is not None and locked.can_transition(to_status, by)
    )
    if not allowed:
        label = Offer.Status(to_status).label if to_status in Offer.Status else to_status
        raise OfferRefused(
            f"The offer is {locked.get_status_display().lower()}; it cannot become {label.lower()}."
        )
    if to_status == Offer.Status.SENT and locked.expires_on < timezone.localdate(now):
        raise OfferRefused("The expiry date has passed; draft a new offer.")
    if to_status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED) and by is not None:
        locked.response_channel = Offer.ResponseChannel.PHONE
        locked.response_recorded_by = by
    return offer_status_write(
        offer=locked, to_status=to_status, by=by, now=now, decline_reason=decline_reason
    )


def _locked(offer: Offer) -> Offer:
    return (
        Offer.objects.select_for_update()
        .select_related("application__requisition__hiring_manager", "application__candidate")
        .get(pk=offer.pk)
    )


def offer_status_write(*, offer: Offer, to_status: str, by, now, decline_reason: str = "") -> Offer:
    """Write a checked step on a locked offer (offer_transition and offer_answers call this)."""
    locked = offer
    if to_status == Offer.Status.ACCEPTED and locked.expires_on < timezone.localdate(now):
        raise OfferRefused("The offer expired before it was accepted.")
    locked.status = to_status
    if to_status == Offer.Status.APPROVED:
        locked.approved_by, locked.approved_at = by, now
    elif to_status == Offer.Status.SENT:
        locked.sent_at, locked.sent_by = now, by
        _letter_freeze(locked, now)
    elif to_status in (Offer.Status.ACCEPTED, Offer.Status.DECLINED, Offer.Status.EXPIRED):
        locked.responded_at = now
    if to_status == Offer.Status.DECLINED:
        locked.decline_reason = decline_reason.strip()[:2000]
        offer_emails.offer_declined_notify(offer=locked)
    if to_status == Offer.Status.ACCEPTED:
        # The acceptance is written before the hire: application_move hires only with an
        # accepted offer. The save() below writes the rest (and the one history row).
        Offer.objects.filter(pk=locked.pk).update(status=to_status)
        locked.employee = _hire(offer=locked, by=by)
    locked.save()
    if to_status == Offer.Status.ACCEPTED:
        offer_accepted_event(offer=locked)
    if to_status == Offer.Status.SENT:
        offer_emails.offer_sent_email(offer=locked)
    return locked


def _letter_freeze(offer: Offer, now) -> None:
    """The letter as it is sent: its version, merged text, HTML and SHA-256, kept for good."""
    version, markdown, html = offer_letters.offer_letter_compose(
        offer, today=timezone.localdate(now)
    )
    offer.letter_version = version
    offer.letter_markdown, offer.letter_html = markdown, html
    offer.letter_sha256 = offer_letters.letter_sha256(html)


def _hire(*, offer: Offer, by) -> Employee:
    """Accepting an offer: the application moves to hired, the person gets a user account
    (no password; an invitation to set one) and a pre-start Employee with the requisition's
    department and manager; the requisition is filled when its headcount is reached (its other
    open applications are closed with a reason); the `employee_hired` event is written to the
    outbox with the hire."""
    application = offer.application
    requisition = Requisition.objects.select_for_update().get(pk=application.requisition_id)
    online = offer.response_channel == Offer.ResponseChannel.CANDIDATE
    application_move(
        application=application,
        to_stage=Application.Stage.HIRED,
        by=by,
        note="Offer accepted by the candidate (electronic signature)."
        if online
        else f"Offer accepted by phone, recorded by {by}.",
    )
    # The candidate has no account: the steps that follow are taken for the offer's sender.
    acting = by or offer.sent_by or requisition.hiring_manager
    candidate = application.candidate
    user = User.objects.filter(email__iexact=candidate.email).first()
    if user is not None and Employee.objects.filter(user=user).exists():
        raise OfferRefused(f"{candidate.email} is already an employee.")
    if user is None:
        first, _, last = candidate.name.partition(" ")
        user = people_services.user_create(email=candidate.email, first_name=first, last_name=last)
    manager = Employee.objects.filter(user_id=requisition.hiring_manager_id).first()
    employee = people_services.employee_create(
        user=user,
        job_title=requisition.title,
        start_date=offer.start_date,
        department=requisition.department,
        role_family=requisition.role_family,
        manager=manager,
    )
    hired = requisition.applications.filter(stage=Application.Stage.HIRED).count()
    if hired >= requisition.headcount and requisition.status != Requisition.Status.FILLED:
        requisition_transition(
            requisition=requisition,
            to_status=Requisition.Status.FILLED,
            by=acting,
            comment=f"Filled: {candidate} accepted the offer.",
        )
        reason, _ = RejectionReason.objects.get_or_create(name=FILLED_REASON)
        for other in requisition.applications.filter(stage__in=Application.OPEN_STAGES):
            application_reject(
                application=other, by=acting, reason=reason, note=FILLED_REASON, send_email=False
            )
    offer_emails.welcome_email(user=user, employee=employee)
    # What we knew when we hired, kept with the hire for the hiring signals report.
    hire_signals_record(employee=employee, application=application)
    # The seam to onboarding and performance: a durable event, written with the hire and
    # handled after commit by each app's handler, retried on its own until it succeeds.
    outbox_event(
        key=f"people.employee_hired:{employee.pk}",
        name="employee_hired",
        payload={"employee_id": employee.pk, "application_id": application.pk},
    )
    return employee


def offers_expire_due(*, now=None) -> int:
    """Sent offers past their expiry date become expired (the system's step)."""
    now = now or timezone.now()
    due = Offer.objects.filter(status=Offer.Status.SENT, expires_on__lt=timezone.localdate(now))
    count = 0
    for offer in due:
        offer_transition(offer=offer, to_status=Offer.Status.EXPIRED, by=None, now=now)
        count += 1
    return count


def offer_letter_context(offer: Offer) -> dict:
    application = offer.application
    return {
        "offer": offer,
        "candidate": application.candidate,
        "requisition": application.requisition,
        "letter_html": offer_letters.letter_html_for(offer),
        "signature": OfferSignature.objects.filter(offer=offer).first(),
    }
