"""Candidate data retention and erasure: the right to be forgotten, kept in one place.

Anonymising a candidate removes every piece of their personal data — contact details, links,
skills, tags, cover letters, resume and attachment files, notes, stage-change notes, the audit
trail's historical rows and the admin log's text — and keeps what reports count: the
applications themselves with their requisition, stage, source and dates, and the stage events.
"""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.models import OutboxMessage
from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    ApplicationNote,
    Candidate,
    StageEvent,
)
from recruiting.models.interviews import Interview
from recruiting.models.offers import Offer
from recruiting.models.scorecards import Scorecard, ScorecardRating
from recruiting.models.skills_test import SkillsTest
from recruiting.services.applications import application_move
from recruiting.services.resume_text import resume_texts_forget

WITHDRAW_SALT = "recruiting.application-withdraw"


class ErasureRefused(DomainError):
    """The candidate was hired: their data now belongs to an employee record, HR decides."""


def anonymised_name(candidate: Candidate) -> str:
    return f"Anonymised candidate #{candidate.pk}"


def candidates_past_retention(*, now: datetime.datetime | None = None):
    """Candidates never hired, not yet anonymised, with no activity for the retention period.

    The clock runs from the latest of: the candidate record's creation; each application they
    submitted (each carries its own consent, so applying again restarts it on purpose); each
    application's last stage change (the consent keeps data for the period after the hiring
    decision); and notes on their applications (the process is still going on). Nothing else
    restarts it: applying with someone's address changes neither their profile nor their
    candidate record's consent (Candidate.consent_at stays the first consent).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.CANDIDATE_RETENTION_DAYS)
    hired = Application.objects.filter(candidate=OuterRef("pk"), stage=Application.Stage.HIRED)
    return (
        Candidate.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(hired))
        .annotate(
            last_activity=Greatest(
                F("created_at"),
                Coalesce(Max("applications__stage_changed_at"), F("created_at")),
                Coalesce(Max("applications__applied_at"), F("created_at")),
                Coalesce(Max("applications__notes__created_at"), F("created_at")),
            )
        )
        .filter(last_activity__lt=cutoff)
        .order_by("pk")
    )


def _delete_file(field_file) -> None:
    if field_file and field_file.name:
        default_storage.delete(field_file.name)


def _scrub_admin_log(model, object_ids: list[int], text: str) -> None:
    """The admin log keeps each object's str() (a candidate's name) and field labels."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in object_ids]
    ).update(object_repr=text, change_message="")


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, by=None) -> Candidate:
    """Erase one candidate's personal data; the counts that reports use remain.

    Refused (ErasureRefused) for a candidate with a hired application. Idempotent: a second
    call on an anonymised candidate changes nothing. Files are deleted from storage after the
    transaction commits, so a rollback never leaves rows pointing at missing files.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    applications = list(Application.objects.select_for_update().filter(candidate=candidate))
    if any(application.stage == Application.Stage.HIRED for application in applications):
        raise ErasureRefused(
            f"{candidate} was hired; their data belongs to the employee record now."
        )
    if candidate.anonymised_at is not None:
        return candidate
    application_ids = [application.pk for application in applications]
    files = [application.resume for application in applications]
    attachments = list(ApplicationAttachment.objects.filter(application_id__in=application_ids))
    files += [attachment.file for attachment in attachments]

    # Rows that are personal through and through go.
    ApplicationAttachment.objects.filter(application_id__in=application_ids).delete()
    ApplicationNote.objects.filter(application_id__in=application_ids).delete()
    resume_texts_forget(application_ids=application_ids)
    # Stage events stay (reports count them); their free-text notes may name the person.
    StageEvent.objects.filter(application_id__in=application_ids).update(note="")
    # Scorecards keep their ratings for calibration; the interviewers' words about the
    # person go.
    Scorecard.objects.filter(application_id__in=application_ids).update(
        summary="", amendment_reason=""
    )
    ScorecardRating.objects.filter(scorecard__application_id__in=application_ids).update(note="")

    # Offers keep their terms for reports; the letter and the reason name the person.
    Offer.objects.filter(application_id__in=application_ids).update(
        letter_markdown="", letter_html="", decline_reason=""
    )
    _scrub_outbox(candidate, application_ids, anonymised_name(candidate))

    # The audit trail's rows hold the old values: purge them, then record the erasure itself.
    Candidate.history.filter(id=candidate.pk).delete()
    Application.history.filter(id__in=application_ids).delete()
    Offer.history.filter(application_id__in=application_ids).delete()

    name = anonymised_name(candidate)
    for application in applications:
        application.cover_letter = ""
        application.resume = ""
        application.resume_filename = ""
        application.resume_content_type = ""
        application.submitted_details = {}
        application.consent_text = ""
        application._history_user = by
        application.save()
    candidate.tags.clear()
    candidate.name = name
    candidate.email = f"anonymised-{candidate.pk}@candidates.invalid"
    candidate.phone = ""
    candidate.location = ""
    candidate.links = ""
    candidate.skills = ""
    candidate.consent_at = None
    candidate.anonymised_at = timezone.now()
    candidate._history_user = by
    candidate.save()

    _scrub_admin_log(Candidate, [candidate.pk], name)
    _scrub_admin_log(Application, application_ids, f"Application of {name}")
    transaction.on_commit(lambda: [_delete_file(field_file) for field_file in files])
    return candidate


def _outbox_keys_to_candidate(application_ids: list[int]) -> Q:
    """The outbox rows written to the candidate themself (recruiting's keys name the change)."""
    offers = list(
        Offer.objects.filter(application_id__in=application_ids).values_list("pk", flat=True)
    )
    tests = list(
        SkillsTest.objects.filter(application_id__in=application_ids).values_list("pk", flat=True)
    )
    interviews = Interview.objects.filter(application_id__in=application_ids).values_list(
        "pk", flat=True
    )
    keys = [f"recruiting.application_received:{pk}" for pk in application_ids]
    keys += [f"recruiting.rejection:{pk}" for pk in application_ids]
    keys += [f"recruiting.skills_test:{pk}" for pk in tests]
    keys += [f"recruiting.offer_sent:{pk}" for pk in offers]
    condition = Q(key__in=keys)
    for pk in interviews:
        for change in ("interview_invitation", "interview_cancellation"):
            condition |= Q(key__startswith=f"recruiting.{change}:{pk}:", key__endswith=":candidate")
    return condition


def _scrub_outbox(candidate: Candidate, application_ids: list[int], name: str) -> None:
    """Emails to the candidate go (sent or not: there is no one to send them to any more);
    emails to staff that name them keep their purpose with the name replaced, and lose their
    attachments (a calendar file or letter would still name them)."""
    OutboxMessage.objects.filter(_outbox_keys_to_candidate(application_ids)).delete()
    needles = [text for text in (candidate.name, candidate.email, candidate.phone) if text]
    if not needles:
        return
    mentions = Q()
    for needle in needles:
        for field in ("subject", "body_text", "body_html"):
            mentions |= Q(**{f"{field}__icontains": needle})
    pattern = re.compile("|".join(re.escape(needle) for needle in needles), re.IGNORECASE)
    for message in OutboxMessage.objects.filter(mentions).select_for_update():
        message.subject = pattern.sub(name, message.subject)[:300]
        message.body_text = pattern.sub(name, message.body_text)
        message.body_html = pattern.sub(name, message.body_html)
        message.attachments = []
        message.save(update_fields=["subject", "body_text", "body_html", "attachments"])


def candidates_anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """The daily sweep: anonymise every candidate past retention, one transaction each."""
    done = 0
    for candidate in candidates_past_retention(now=now).only("pk"):
        candidate_anonymise(candidate=candidate)
        done += 1
    return done


# --- The candidate's own link: withdraw and erase -------------------------------------------


def withdraw_token(application: Application) -> str:
    """The signed value in the link of the confirmation email (no account needed)."""
    return signing.dumps(application.pk, salt=WITHDRAW_SALT, compress=True)


def application_for_withdraw_token(token: str) -> Application | None:
    """The application a link names, or None when the signature is bad or too old."""
    max_age = datetime.timedelta(days=settings.CANDIDATE_RETENTION_DAYS)
    try:
        application_id = signing.loads(token, salt=WITHDRAW_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return (
        Application.objects.select_related("candidate", "requisition")
        .filter(pk=application_id)
        .first()
    )


@transaction.atomic
def application_withdraw_and_erase(*, application: Application) -> Candidate:
    """The candidate withdraws (every open application of theirs) and their data is erased.

    A request to be forgotten concerns the person, so all of their applications are closed
    as withdrawn (each through application_move, with a stage event) before anonymising.
    """
    candidate = application.candidate
    open_applications = Application.objects.filter(
        Q(candidate=candidate) & Q(stage__in=Application.OPEN_STAGES)
    )
    for open_application in open_applications:
        application_move(
            application=open_application,
            to_stage=Application.Stage.WITHDRAWN,
            by=None,
            note="Withdrawn by the candidate.",
        )
    return candidate_anonymise(candidate=candidate)
