"""HR's view of the outbox: filtered by status, with counts, and a resend that calls the service."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.models import OutboxEvent, OutboxMessage
from backoffice.notifications.services import outbox_email

pytestmark = pytest.mark.django_db
EMAILS = reverse("admin:notifications_outboxmessage_changelist")
EVENTS = reverse("admin:notifications_outboxevent_changelist")


def _message(key: str, status: str = "pending", **fields) -> OutboxMessage:
    message = outbox_email(
        key=key,
        to=[f"{key}@example.com"],
        subject=f"Subject {key}",
        template="recruiting_application_received",
        context={"candidate": {"name": "Ann"}},
    )
    OutboxMessage.objects.filter(pk=message.pk).update(status=status, **fields)
    return message


def test_hr_lists_failed_emails_with_the_counts(client_for, hr_user):
    _message("refused", "failed", attempts=1, last_error="SMTPRecipientsRefused: 550 no such")
    _message("waiting")
    _message("done", "sent", sent_at=timezone.now())
    response = client_for(hr_user).get(EMAILS, {"status__exact": "failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Subject refused" in html
    assert "550 no such" in html
    assert "Subject waiting" not in html
    assert "1 pending</a>" in html
    assert "1 failed</a>" in html


def test_hr_resends_from_the_admin(client_for, hr_user, django_capture_on_commit_callbacks):
    failed = _message("refused", "failed", attempts=1, last_error="550")
    sent = _message("done", "sent", sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr_user).post(
            EMAILS, {"action": "resend", "_selected_action": [failed.pk, sent.pk]}
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [message.to for message in mail.outbox] == [["refused@example.com"]]


def test_the_email_page_shows_the_message_and_attachment_names(client_for, hr_user):
    message = outbox_email(
        key="with-file",
        to=["ann@example.com"],
        subject="Offer",
        template="recruiting_application_received",
        context={"candidate": {"name": "Ann"}},
        attachments=[("offer.pdf", b"%PDF", "application/pdf")],
    )
    response = client_for(hr_user).get(
        reverse("admin:notifications_outboxmessage_change", args=[message.pk])
    )
    assert response.status_code == 200
    assert "offer.pdf" in response.content.decode()
    assert "JVBERg" not in response.content.decode()  # no base64 on the page


def test_hr_lists_events(client_for, hr_user):
    OutboxEvent.objects.create(
        key="hire:1",
        name="employee_hired",
        handler="onboarding.plan",
        status="failed",
        last_error="boom",
        next_attempt_at=timezone.now(),
    )
    response = client_for(hr_user).get(EVENTS)
    assert response.status_code == 200
    assert "onboarding.plan" in response.content.decode()


@pytest.mark.parametrize("url", [EMAILS, EVENTS])
def test_other_people_do_not_get_the_outbox(client_for, employee_user, url):
    response = client_for(employee_user).get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("url", [EMAILS, EVENTS])
def test_the_lists_run_as_many_queries_for_many_rows_as_for_few(
    client_for, hr_user, django_assert_max_num_queries, url
):
    client = client_for(hr_user)
    now = timezone.now()
    for size in (3, 40):
        for index in range(size):
            _message(f"bulk-{size}-{index}", "failed")
            OutboxEvent.objects.create(
                key=f"e-{size}-{index}", name="n", handler="h", next_attempt_at=now
            )
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
