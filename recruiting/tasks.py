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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def interview_invitation_task(interview_id: int, user_ids: list[int], method: str) -> None:
    from recruiting.services.interviews import interview_invitation_send

    interview_invitation_send(interview_id=interview_id, user_ids=user_ids, method=method)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def skills_test_invitation_task(test_id: int) -> None:
    from recruiting.services.skills_test import skills_test_invitation_send

    skills_test_invitation_send(test_id=test_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def welcome_email_task(user_id: int) -> None:
    from recruiting.services.offers import welcome_email_send

    welcome_email_send(user_id=user_id)


@shared_task
def offers_expire_due_task() -> None:
    from recruiting.services.offers import offers_expire_due

    offers_expire_due()


@shared_task
def candidates_anonymise_expired_task() -> None:
    retention.candidates_anonymise_expired()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def already_applied_email_task(requisition_id: int, email: str) -> None:
    from recruiting.services.intake import already_applied_email_send

    already_applied_email_send(requisition_id=requisition_id, email=email)
