"""Thin Celery tasks: load by id, call a service. Emails go through the outbox, written by
the services with their change."""

from __future__ import annotations

from celery import shared_task

from onboarding.services import recertification_items_create


@shared_task
def recertification_items_create_task() -> int:
    return recertification_items_create()
