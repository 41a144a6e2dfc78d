"""Thin Celery tasks: take ids, call a service. Emails are not sent from here: services write
them to the notifications outbox, whose relay sends them."""

from celery import shared_task

from recruiting import services
from recruiting.services import retention


@shared_task
def new_applications_digest_task() -> None:
    services.new_applications_digest_send()


@shared_task
def rejection_emails_send_due_task() -> None:
    services.rejection_emails_send_due()


@shared_task
def offers_expire_due_task() -> None:
    from recruiting.services.offers import offers_expire_due

    offers_expire_due()


@shared_task
def candidates_anonymise_expired_task() -> None:
    retention.candidates_anonymise_expired()
