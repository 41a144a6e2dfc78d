"""Reading resumes for the candidate search: queued with the upload, read by a task.

The row (ResumeText, status pending) is written in the transaction that stores the resume, so
it is never lost: a task queued after commit reads the file, and the beat sweep
(`resume_texts_queue_pending`) queues again any row whose task was lost with the broker or
whose worker died. Each try is counted before it starts; after MAX_ATTEMPTS the row is marked
failed, so a file that kills the worker is not read forever. A file that cannot be read
records why (status failed), and never raises.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.contrib.postgres.search import SearchVector
from django.db import connections, transaction
from django.db.models import F, Q, TextField, Value
from django.utils import timezone

from backoffice.celery import enqueue
from backoffice.core.document_text import DocumentTextError, document_text
from backoffice.core.uploads import MAX_DOCUMENT_BYTES
from recruiting.models.candidates import Application
from recruiting.models.resume_text import SEARCH_CONFIG, ResumeText

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A pending row queued this long ago (longer than the task's time limit) is queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
SWEEP_BATCH = 500
# Inside the task's soft time limit (tasks.py), so that the reader stops first and says why.
READ_SECONDS = 45.0


def resume_text_queue(*, application: Application) -> ResumeText | None:
    """Call in the transaction that stores `application.resume`: its text is read after commit.

    Replaces what was read from an earlier file."""
    if not application.resume:
        return None
    row, _created = ResumeText.objects.update_or_create(
        application=application,
        defaults={
            "status": ResumeText.Status.PENDING,
            "text": "",
            "search": None,
            "truncated": False,
            "error": "",
            "attempts": 0,
            "queued_at": timezone.now(),
            "extracted_at": None,
        },
    )
    transaction.on_commit(partial(_queue_task, application.pk))
    return row


def _queue_task(application_id: int) -> bool:
    from recruiting.tasks import resume_text_extract_task

    return enqueue(resume_text_extract_task, application_id)


def _claim(application_id: int) -> bool:
    """Count a try before it starts (committed at once): a worker killed while reading a file
    still used up one of the row's tries."""
    return bool(
        ResumeText.objects.filter(
            pk=application_id, status=ResumeText.Status.PENDING, attempts__lt=MAX_ATTEMPTS
        ).update(attempts=F("attempts") + 1, queued_at=timezone.now())
    )


def _read_resume(application: Application) -> bytes:
    try:
        with application.resume.open("rb") as handle:
            return handle.read(MAX_DOCUMENT_BYTES + 1)
    except (FileNotFoundError, ValueError, OSError) as error:
        raise DocumentTextError("the file is missing from storage") from error


def resume_text_extract(*, application_id: int, seconds: float = READ_SECONDS) -> ResumeText | None:
    """Read the words of the application's resume into its pending row; None when there is no
    pending row with tries left (done already, or taken by the sweep's bookkeeping)."""
    if not _claim(application_id):
        return None
    application = Application.objects.only("pk", "resume").filter(pk=application_id).first()
    if application is None:  # deleted since (its row went with it)
        return None
    try:
        if not application.resume:
            raise DocumentTextError("the application has no resume")
        data = _read_resume(application)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentTextError("the file is larger than uploads may be")
        result = document_text(data, seconds=seconds)
    except DocumentTextError as error:
        resume_text_fail(application_id=application_id, error=str(error))
    else:
        updates = {
            "status": ResumeText.Status.DONE,
            "text": result.text,
            "truncated": result.truncated,
            "error": "",
            "extracted_at": timezone.now(),
        }
        if connections[ResumeText.objects.db].vendor == "postgresql":
            updates["search"] = SearchVector(
                Value(result.text, output_field=TextField()), config=SEARCH_CONFIG
            )
        ResumeText.objects.filter(pk=application_id, status=ResumeText.Status.PENDING).update(
            **updates
        )
    return ResumeText.objects.filter(pk=application_id).first()


def resume_text_fail(*, application_id: int, error: str) -> None:
    """Record why a resume could not be read (the search then finds it by the other fields)."""
    logger.warning("Resume of application %s not read: %s", application_id, error)
    ResumeText.objects.filter(pk=application_id, status=ResumeText.Status.PENDING).update(
        status=ResumeText.Status.FAILED,
        error=error[:200],
        text="",
        search=None,
        extracted_at=timezone.now(),
    )


@dataclass
class SweepReport:
    queued: int = 0
    given_up: int = 0


def resume_texts_queue_pending(*, batch: int = SWEEP_BATCH) -> SweepReport:
    """Beat's catch-up: queue again the pending rows whose task was lost; give up on the rows
    whose every try ended with the worker gone."""
    report = SweepReport()
    now = timezone.now()
    pending = ResumeText.objects.filter(status=ResumeText.Status.PENDING)
    report.given_up = pending.filter(
        attempts__gte=MAX_ATTEMPTS, queued_at__lt=now - REQUEUE_AFTER
    ).update(
        status=ResumeText.Status.FAILED,
        error="reading the file stopped the worker every time",
        extracted_at=now,
    )
    with transaction.atomic():
        stale = list(
            pending.filter(attempts__lt=MAX_ATTEMPTS, queued_at__lt=now - REQUEUE_AFTER)
            .select_for_update(skip_locked=True)
            .order_by("queued_at")
            .values_list("pk", flat=True)[:batch]
        )
        ResumeText.objects.filter(pk__in=stale).update(queued_at=now)
    for application_id in stale:
        if not _queue_task(application_id):
            break  # the broker is down: the next sweep tries again
        report.queued += 1
    return report


def resume_texts_forget(*, application_ids) -> None:
    """The text goes with the file (candidate erasure)."""
    ResumeText.objects.filter(application_id__in=list(application_ids)).delete()


@dataclass
class BackfillReport:
    read: int = 0
    failed: int = 0
    queued: int = 0
    last_pk: int = 0


def resume_texts_backfill(
    *, batch_size: int = 200, queue: bool = False, after_pk: int = 0, progress=None
) -> BackfillReport:
    """Read the resumes stored before text search existed, `batch_size` applications at a time
    in id order: inline, or (`queue`) handed to the workers.

    Resumable: an application whose resume was read (or found unreadable) is skipped, so a run
    that stopped half way is simply run again (or continued with `after_pk`).
    """
    report = BackfillReport(last_pk=after_pk)
    lacking = Application.objects.exclude(resume="").filter(
        Q(resume_text__isnull=True)
        | Q(resume_text__status=ResumeText.Status.PENDING, resume_text__attempts__lt=MAX_ATTEMPTS)
    )
    while True:
        ids = list(
            lacking.filter(pk__gt=report.last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return report
        now = timezone.now()
        ResumeText.objects.bulk_create(
            [ResumeText(application_id=pk, queued_at=now) for pk in ids], ignore_conflicts=True
        )
        for pk in ids:
            if queue:
                report.queued += _queue_task(pk)
                continue
            row = resume_text_extract(application_id=pk)
            if row is not None and row.status == ResumeText.Status.DONE:
                report.read += 1
            elif row is not None:
                report.failed += 1
        report.last_pk = ids[-1]
        if progress is not None:
            progress(report)
