"""Recruiting emails: what each says and to whom, written to the outbox in the transaction of
the change that causes it (the relay sends them after commit, each on its own)."""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.services import outbox_email
from recruiting.models.candidates import Application, StageEvent
from recruiting.services import candidate_links

logger = logging.getLogger(__name__)


def application_received_email(*, application: Application) -> None:
    """Tell the candidate their application arrived (with their status and withdraw links)."""
    outbox_email(
        key=f"recruiting.application_received:{application.pk}",
        to=[application.candidate.email],
        subject=f"We received your application for {application.requisition.title}",
        template="recruiting_application_received",
        context={
            "application": application,
            "candidate": application.candidate,
            **candidate_links.candidate_email_context(application),
        },
    )


@transaction.atomic
def new_applications_digest_send(*, now=None) -> int:
    """One email per hiring manager listing the applications they have not been told about.

    Rows are locked and skipped when locked, so two sweeps running at once never report the
    same application twice; the outbox rows and the marks commit together, so a crash either
    leaves both or neither. The key names the manager and the applications reported.
    """
    now = now or timezone.now()
    pending = list(
        Application.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(manager_notified_at__isnull=True)
        .select_related("candidate", "requisition__hiring_manager")
        .order_by("requisition__title", "applied_at")
    )
    by_manager: dict = defaultdict(list)
    for application in pending:
        by_manager[application.requisition.hiring_manager].append(application)
    for manager, applications in by_manager.items():
        ids = ",".join(str(pk) for pk in sorted(a.pk for a in applications))
        digest = hashlib.sha256(ids.encode()).hexdigest()[:24]
        outbox_email(
            key=f"recruiting.new_applications:{manager.pk}:{digest}",
            to=[manager.email],
            subject=f"{len(applications)} new application{'s' if len(applications) > 1 else ''}",
            template="recruiting_new_applications",
            context={
                "manager": manager,
                "applications": applications,
                "list_path": reverse("recruiting:candidate_list") + "?stage=applied",
            },
        )
    Application.objects.filter(pk__in=[a.pk for a in pending]).update(manager_notified_at=now)
    return len(by_manager)


def _rejection_text(template: str, application: Application) -> str:
    # str.replace, not str.format: HR's text may contain braces of its own.
    return template.replace("{name}", application.candidate.name).replace(
        "{job}", application.requisition.title
    )


def _rejection_due(now):
    return Application.objects.filter(
        rejection_email_due_at__lte=now,
        rejection_email_sent_at__isnull=True,
        stage=Application.Stage.REJECTED,
    )


def rejection_emails_send_due(*, now=None, limit: int = 500) -> int:
    """Write the rejection emails whose delay has passed and that nobody cancelled.

    Each becomes its own outbox row in its own transaction, with the application marked in
    that transaction: a killed worker leaves each application either done or not, never sent
    twice, and one refused address fails only its own row (the relay's business).
    """
    now = now or timezone.now()
    written = 0
    for application_id in list(_rejection_due(now).values_list("pk", flat=True)[:limit]):
        try:
            written += _rejection_email_write(application_id, now)
        except Exception:  # one bad row (no address, a template error) never blocks the rest
            logger.exception("Rejection email for application %s not written", application_id)
    return written


def _rejection_email_write(application_id: int, now) -> int:
    with transaction.atomic():
        application = (
            _rejection_due(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("candidate", "requisition", "rejection_reason")
            .filter(pk=application_id)
            .first()
        )
        if application is None:  # cancelled, reopened or taken by another sweep
            return 0
        reason = application.rejection_reason
        outbox_email(
            key=f"recruiting.rejection:{application.pk}",
            to=[application.candidate.email],
            subject=_rejection_text(reason.email_subject, application),
            template="recruiting_rejection",
            context={
                "application": application,
                "body": _rejection_text(reason.email_body, application),
                **candidate_links.candidate_email_context(application),
            },
        )
        Application.objects.filter(pk=application.pk).update(rejection_email_sent_at=now)
        return 1


def stage_event_notice(*, event: StageEvent) -> bool:
    """Tell the hiring manager when someone else moved a card in their requisition."""
    application = event.application
    manager = application.requisition.hiring_manager
    if event.by_id is None or event.by_id == manager.pk or not manager.is_active:
        return False
    outbox_email(
        key=f"recruiting.stage_notice:{event.pk}",
        to=[manager.email],
        subject=f"{application.candidate} moved to {event.get_to_stage_display()}",
        template="recruiting_stage_changed",
        context={
            "event": event,
            "path": reverse("recruiting:application_detail", args=[application.pk]),
        },
    )
    return True
