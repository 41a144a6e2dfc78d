"""After a careers application: merging what was typed into the profile, and the repeat notice.

An application never changes an existing candidate's profile (anyone can type any address);
what the person typed stays on the application, and a recruiter who manages the requisition
merges it. Applying again to the same job answers like a first application, and the address's
owner is told by email instead, so the form never reveals who has applied.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.services import outbox_email
from recruiting.models.candidates import Application, Candidate
from recruiting.models.requisitions import Requisition
from recruiting.selectors.intake import details_differences
from recruiting.validators import validate_single_line


class DetailsMergeRefused(DomainError):
    """Only HR and the requisition's hiring manager merge, and only what differs."""


@transaction.atomic
def application_details_merge(*, application: Application, by) -> Candidate:
    """Copy what the person typed with `application` into the candidate's profile.

    Name, phone and location replace the profile's when they differ; a new link and new skills
    are added. Records who merged and when on the application (and in the history).
    """
    if not Application.objects.manageable_by(by).filter(pk=application.pk).exists():
        raise DetailsMergeRefused("Only HR and this job's hiring manager can merge details.")
    application = Application.objects.select_for_update().get(pk=application.pk)
    candidate = Candidate.objects.select_for_update().get(pk=application.candidate_id)
    if candidate.anonymised_at is not None:
        raise DetailsMergeRefused("This candidate's data was erased.")
    differences = details_differences(candidate, application.submitted_details)
    if not differences:
        raise DetailsMergeRefused("The details already match the profile.")
    changed = []
    for field, (_current, submitted) in differences.items():
        if field == "name":
            validate_single_line(submitted)
        if field == "links":
            submitted = "\n".join(filter(None, [candidate.links, submitted]))
        if field == "skills":
            submitted = "\n".join(filter(None, [candidate.skills, *submitted]))
        setattr(candidate, field, submitted)
        changed.append(field)
    candidate._history_user = by
    candidate.save(update_fields=changed)
    application.details_merged_at = timezone.now()
    application.details_merged_by = by
    application._history_user = by
    application.save(update_fields=["details_merged_at", "details_merged_by"])
    return candidate


# --- Applying again to the same job ---------------------------------------------------------


@transaction.atomic
def already_applied_notice(*, requisition: Requisition, email: str) -> bool:
    """Tell the address's owner they have applied to this job already; False if they have not.

    Written to the outbox like every email; its key is the application and the day, so
    however often someone types that address into the form, its owner hears it once a day.
    """
    application = (
        Application.objects.select_related("candidate", "requisition")
        .filter(requisition=requisition, candidate__email=email.strip().lower())
        .first()
    )
    if application is None:
        return False
    outbox_email(
        key=f"recruiting.already_applied:{application.pk}:{timezone.localdate():%Y-%m-%d}",
        to=[application.candidate.email],
        subject=f"You have already applied for {application.requisition.title}",
        template="recruiting_already_applied",
        context={"application": application, "candidate": application.candidate},
    )
    return True
