"""Thin Celery tasks: load by id, call a service or send an email."""

from __future__ import annotations

from celery import shared_task

from backoffice.notifications.services import email_send
from onboarding import selectors
from onboarding.services import recertification_items_create


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def plan_completed_notify_task(plan_id: int) -> None:
    plan = selectors.plan_for_notification(plan_id)
    if plan is None or plan.employee.manager is None:
        return
    email_send(
        to=[plan.employee.manager.user.email],
        subject=f"{plan.employee} has completed their onboarding",
        template="onboarding_plan_completed",
        context={"plan": plan, "employee": plan.employee},
    )


@shared_task
def recertification_items_create_task() -> int:
    return recertification_items_create()
