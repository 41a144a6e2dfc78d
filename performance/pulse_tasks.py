"""Beat's daily pulse task: thin, the service decides what is due and sends each round once."""

from __future__ import annotations

from celery import shared_task

from performance.services.pulse import pulse_rounds_launch_due


@shared_task
def pulse_rounds_launch_due_task() -> int:
    return pulse_rounds_launch_due()
