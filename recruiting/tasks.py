"""Thin Celery tasks: take ids, call a service."""

from celery import shared_task

from recruiting import services
from recruiting.services import retention


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def application_received_email_task(application_id: int) -> None:
    services.application_received_email_send(application_id=application_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def stage_event_notice_task(event_id: int) -> None:
    services.stage_event_notice_send(event_id=event_id)


@shared_task
def new_applications_digest_task() -> None:
    services.new_applications_digest_send()


@shared_task
def rejection_emails_send_due_task() -> None:
    services.rejection_emails_send_due()


@shared_task
def candidates_anonymise_expired_task() -> None:
    retention.candidates_anonymise_expired()
