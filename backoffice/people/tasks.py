"""Thin Celery tasks of the people app: take ids, call a service."""

from __future__ import annotations

from celery import shared_task

from backoffice.people.services import password_reset_email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_email_task(user_id: int) -> None:
    # OSError covers SMTP and connection errors: the send is retried, with backoff.
    password_reset_email_send(user_id=user_id)


@shared_task
def leavers_access_end_task() -> None:
    from backoffice.people.services import leavers_access_end_due

    leavers_access_end_due()
