"""Thin Celery tasks: take ids, call a service. Emails are not sent from here: services write
them to the notifications outbox, whose relay sends them."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

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


# The reader stops itself at READ_SECONDS; the soft limit catches a page that never returns.
@shared_task(soft_time_limit=60, time_limit=90)
def resume_text_extract_task(application_id: int) -> None:
    from recruiting.services.resume_text import resume_text_extract, resume_text_fail

    try:
        resume_text_extract(application_id=application_id)
    except SoftTimeLimitExceeded:
        resume_text_fail(application_id=application_id, error="reading the file took too long")


@shared_task
def resume_texts_queue_pending_task() -> None:
    from recruiting.services.resume_text import resume_texts_queue_pending

    resume_texts_queue_pending()
