"""The reminder ledger and each person's reminder preferences."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class ReminderLedgerQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReminderLedgerQuerySet:
        """HR sees every reminder; anyone else the reminders sent to them."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(recipient=user)

    def pending(self) -> ReminderLedgerQuerySet:
        return self.filter(status=ReminderLedger.Status.PENDING)

    def ready_to_send(self, now) -> ReminderLedgerQuerySet:
        """Pending rows whose back-off after a failed try (if any) has run out."""
        return self.pending().filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


class ReminderLedger(models.Model):
    """One reminder: (recipient, kind, subject, period) goes out at most once.

    The sweep inserts rows with `ignore_conflicts`, so two sweeps at once cannot make two rows
    for one key; the send task claims pending rows under a row lock and marks them sent in the
    same transaction as the claim.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Audience(models.TextChoices):
        OWNER = "owner", "Owner"  # the person who has to act
        MANAGER = "manager", "Manager (escalated)"
        HR = "hr", "HR (escalated)"

    # No index of its own: the unique key below starts with it, and each index is one more
    # write for every row a sweep inserts or a digest marks sent.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        db_index=False,
    )
    kind = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    period = models.CharField(max_length=100)
    audience = models.CharField(max_length=10, choices=Audience, default=Audience.OWNER)
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=500)
    due = models.DateField(null=True, blank=True)
    # Whose work is late, on escalated copies only ("Ella Novak: Sign the IT policy"); empty
    # on the owner's own row, which then costs no foreign-key check and no index entry.
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When a digest send was last queued for this row's recipient: the sweep marks one of
    # their pending rows, which the digest then sends with the rest. A recipient whose mark
    # is older than REMINDER_REQUEUE_AFTER_MINUTES and still pending is queued again.
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReminderLedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "reminder"
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject", "period"],
                name="notifications_reminder_once_per_key",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notifications_reminder_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "queued_at"],
                condition=Q(status="pending"),
                name="notifications_reminder_pending",
            ),
            models.Index(fields=["recipient", "status", "sent_at"]),
            # For SET_NULL when an employee is deleted; only escalated copies name one.
            models.Index(
                fields=["employee"],
                condition=Q(employee__isnull=False),
                name="notifications_reminder_whose",
            ),
            # HR's list of what could not be sent. Partial: a sweep's inserts and a digest's
            # "sent" never write to it (an index on status would take both, for every row).
            models.Index(
                fields=["created_at"],
                condition=Q(status="failed"),
                name="notifications_reminder_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} → {self.recipient_id} ({self.get_status_display()})"


class ReminderPreference(models.Model):
    """How one person wants their reminders. No row means the defaults: immediate, all kinds."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as something is due"
        DAILY = "daily", "One daily digest"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    delivery = models.CharField(max_length=10, choices=Delivery, default=Delivery.IMMEDIATE)
    # Keys of the kinds this person opted out of; required kinds are never listed here.
    muted_kinds = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Reminder preferences of {self.user}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class EventStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class OutboxQuerySet(models.QuerySet):
    def due(self, now) -> OutboxQuerySet:
        """Pending rows whose back-off after a failed try (if any) has run out."""
        return self.filter(status="pending", next_attempt_at__lte=now)


class OutboxMessage(models.Model):
    """One email, written in the transaction of the change that causes it, sent once.

    Rendered when it is written, so it says exactly what the change meant even if the data
    changes before it goes out. `key` names the change ("recruiting.application_received:42"):
    the same change never makes two rows. A row is sent while the relay holds its row lock and
    marked sent in that transaction right after the SMTP server accepted it; while it is being
    sent it still reads "pending" to everyone else (a crash rolls the claim back).
    """

    Status = OutboxStatus

    key = models.CharField(max_length=200, unique=True)
    template = models.CharField(max_length=100, blank=True)  # which email, for HR's filters
    to = models.JSONField()
    cc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    from_email = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # [{"filename", "mimetype", "content" (base64)}]: the bytes as they were at write time.
    attachments = models.JSONField(default=list, blank=True)
    # The same Message-ID on every try, so that a mail client shows a rare second copy (the
    # crash-after-acceptance window) as one message.
    message_id = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=OutboxStatus, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outgoing email"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notifications_outbox_sent_has_time",
            ),
        ]
        indexes = [
            # The relay's and the sweep's "what is due", and /healthz's oldest pending row.
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="notifications_outbox_due",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(status="failed"),
                name="notifications_outbox_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"


class OutboxEvent(models.Model):
    """One domain event for one registered handler, processed once with retries.

    Written in the transaction of the change (`outbox_event`), one row per handler, so a
    handler that fails is retried on its own and never repeats the others. A handler runs in
    the transaction that marks its row processed: its writes and the mark commit together.
    """

    Status = EventStatus

    key = models.CharField(max_length=200)
    name = models.CharField(max_length=100)
    handler = models.CharField(max_length=200)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    status = models.CharField(max_length=10, choices=EventStatus, default=EventStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "domain event"
        constraints = [
            models.UniqueConstraint(fields=["key", "handler"], name="notifications_event_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=Q(status="pending"),
                name="notifications_event_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.handler} ({self.get_status_display()})"
