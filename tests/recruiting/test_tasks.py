"""The beat tasks that remain: they write outbox rows (the relay sends them)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from backoffice.notifications.models import OutboxMessage
from backoffice.notifications.services.outbox import outbox_relay_due
from recruiting import tasks
from recruiting.models import Application
from tests.factories.recruiting import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_the_email_tasks_are_gone():
    # Emails are written to the outbox by the services; no task sends one any more.
    for name in (
        "application_received_email_task",
        "stage_event_notice_task",
        "interview_invitation_task",
        "skills_test_invitation_task",
        "welcome_email_task",
    ):
        assert not hasattr(tasks, name)


def test_digest_task_reports_new_applications_once(requisition):
    ApplicationFactory.create_batch(2, requisition=requisition)
    tasks.new_applications_digest_task.delay()
    tasks.new_applications_digest_task.delay()
    assert OutboxMessage.objects.filter(key__startswith="recruiting.new_applications:").count() == 1
    outbox_relay_due(seconds=10)
    assert len(mail.outbox) == 1
    assert "2 new applications" in mail.outbox[0].subject
    assert not Application.objects.filter(manager_notified_at__isnull=True).exists()


def _due(application, reason, minutes=1):
    Application.objects.filter(pk=application.pk).update(
        stage="rejected",
        rejection_reason=reason,
        rejection_email_due_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )


def test_rejection_task_writes_only_due_emails_each_once(application, reason, requisition):
    _due(application, reason)
    not_yet = ApplicationFactory(requisition=requisition)
    Application.objects.filter(pk=not_yet.pk).update(
        stage="rejected",
        rejection_reason=reason,
        rejection_email_due_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    tasks.rejection_emails_send_due_task.delay()
    tasks.rejection_emails_send_due_task.delay()
    assert list(OutboxMessage.objects.values_list("key", flat=True)) == [
        f"recruiting.rejection:{application.pk}"
    ]
    outbox_relay_due(seconds=10)
    assert len(mail.outbox) == 1
    assert "Thank you for applying" in mail.outbox[0].body


def test_one_bad_rejection_never_blocks_the_others(reason, requisition):
    good = ApplicationFactory.create_batch(3, requisition=requisition)
    bad = ApplicationFactory(requisition=requisition, candidate__email="")
    for application in [*good[:1], bad, *good[1:]]:
        _due(application, reason)
    tasks.rejection_emails_send_due_task.delay()
    keys = set(OutboxMessage.objects.values_list("key", flat=True))
    assert keys == {f"recruiting.rejection:{a.pk}" for a in good}
    assert Application.objects.get(pk=bad.pk).rejection_email_sent_at is None
    assert not Application.objects.filter(
        pk__in=[a.pk for a in good], rejection_email_sent_at__isnull=True
    ).exists()
