import datetime

import pytest
from django.core import mail
from django.utils import timezone

from recruiting import tasks
from recruiting.models import Application
from tests.factories.recruiting import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_received_email_task(application):
    tasks.application_received_email_task.delay(application.pk)
    assert mail.outbox[0].to == [application.candidate.email]
    assert "We received your application" in mail.outbox[0].subject
    assert application.requisition.title in mail.outbox[0].alternatives[0][0]


def test_digest_task_reports_new_applications_once(requisition):
    ApplicationFactory.create_batch(2, requisition=requisition)
    tasks.new_applications_digest_task.delay()
    tasks.new_applications_digest_task.delay()
    assert len(mail.outbox) == 1
    assert "2 new applications" in mail.outbox[0].subject
    assert not Application.objects.filter(manager_notified_at__isnull=True).exists()


def test_rejection_task_sends_only_due_emails(application, reason):
    Application.objects.filter(pk=application.pk).update(
        stage="rejected",
        rejection_reason=reason,
        rejection_email_due_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    tasks.rejection_emails_send_due_task.delay()
    assert len(mail.outbox) == 1
    assert "Thank you for applying" in mail.outbox[0].body
