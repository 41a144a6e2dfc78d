"""The words of an application's resume, kept for the candidate search.

A row of its own rather than columns on Application: the text runs to 200 kB, and the board,
the lists and the audit history read applications all the time without needing it. The row is
written with the application (status pending) and filled in by a task after commit; the beat
sweep queues again whatever a lost task left pending.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from recruiting.models.candidates import Application

# The text search configuration: 'simple' lower-cases words without stemming, so names,
# tools and words of any language are found as they are written.
SEARCH_CONFIG = "simple"


class ResumeText(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be read"
        DONE = "done", "Read"
        FAILED = "failed", "Could not be read"

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="resume_text"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    text = models.TextField(blank=True)
    # to_tsvector(SEARCH_CONFIG, text) on PostgreSQL, with a GIN index (migration 0008);
    # empty elsewhere: SQLite searches `text` with LIKE.
    search = SearchVectorField(null=True, editable=False)
    truncated = models.BooleanField(default=False)
    error = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["queued_at"],
                name="recruiting_resume_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"Resume text of application {self.application_id} ({self.status})"
