"""Recruiting emails: what each says and to whom; tasks call these, services queue them."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.services import email_send
from recruiting.models.candidates import Application, StageEvent
from recruiting.services import retention


def application_received_email_send(*, application_id: int) -> None:
    """Tell the candidate their application arrived."""
    application = Application.objects.select_related("candidate", "requisition").get(
        pk=application_id
    )
    email_send(
        to=[application.candidate.email],
        subject=f"We received your application for {application.requisition.title}",
        template="recruiting_application_received",
        context={
            "application": application,
            "candidate": application.candidate,
            "withdraw_path": reverse(
                "careers:withdraw", args=[retention.withdraw_token(application)]
            ),
        },
    )


@transaction.atomic
def new_applications_digest_send(*, now=None) -> int:
    """One email per hiring manager listing the applications they have not been told about.

    Rows are locked and skipped when locked, so two sweeps running at once never report the
    same application twice; each is marked as reported in the same transaction.
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
        email_send(
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


@transaction.atomic
def rejection_emails_send_due(*, now=None) -> int:
    """Send the rejection emails whose delay has passed and that nobody cancelled."""
    now = now or timezone.now()
    due = list(
        Application.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            rejection_email_due_at__lte=now,
            rejection_email_sent_at__isnull=True,
            stage=Application.Stage.REJECTED,
        )
        .select_related("candidate", "requisition", "rejection_reason")
    )
    for application in due:
        reason = application.rejection_reason
        email_send(
            to=[application.candidate.email],
            subject=_rejection_text(reason.email_subject, application),
            template="recruiting_rejection",
            context={
                "application": application,
                "body": _rejection_text(reason.email_body, application),
            },
        )
    Application.objects.filter(pk__in=[a.pk for a in due]).update(rejection_email_sent_at=now)
    return len(due)


def stage_event_notice_send(*, event_id: int) -> bool:
    """Tell the hiring manager when someone else moved a card in their requisition."""
    event = StageEvent.objects.select_related(
        "by", "application__candidate", "application__requisition__hiring_manager"
    ).get(pk=event_id)
    manager = event.application.requisition.hiring_manager
    if event.by_id is None or event.by_id == manager.pk or not manager.is_active:
        return False
    email_send(
        to=[manager.email],
        subject=f"{event.application.candidate} moved to {event.get_to_stage_display()}",
        template="recruiting_stage_changed",
        context={
            "event": event,
            "path": reverse("recruiting:application_detail", args=[event.application_id]),
        },
    )
    return True
