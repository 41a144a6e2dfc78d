"""Requisition writes: every status change goes through requisition_transition."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from recruiting.models.requisitions import Requisition, RequisitionEvent


class RequisitionTransitionRefused(DomainError):
    """The change is not allowed from the current status, or not for this user."""


@transaction.atomic
def requisition_transition(
    *, requisition: Requisition, to_status: str, by, comment: str = ""
) -> RequisitionEvent:
    """Move a requisition along draft → pending approval → open ⇄ on hold → filled/cancelled.

    The row is locked so two people cannot both act on the same status. Only HR approves
    (pending → open) or sends back (pending → draft, a comment is required); the requisition's
    hiring manager may take the other steps. Every change writes one RequisitionEvent.
    """
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    from_status = locked.status
    if not locked.can_transition(to_status, by):
        label = (
            Requisition.Status(to_status).label if to_status in Requisition.Status else to_status
        )
        raise RequisitionTransitionRefused(
            f"This requisition is {locked.get_status_display().lower()}; "
            f"you cannot change it to {label.lower()}."
        )
    comment = comment.strip()
    sent_back = (from_status, to_status) == (
        Requisition.Status.PENDING_APPROVAL,
        Requisition.Status.DRAFT,
    )
    if sent_back and not comment:
        raise RequisitionTransitionRefused("Say what needs changing when sending it back.")
    now = timezone.now()
    locked.status = to_status
    fields = ["status", "updated_at"]
    if to_status == Requisition.Status.OPEN and locked.opened_at is None:
        locked.opened_at = now
        fields.append("opened_at")
    if to_status in (Requisition.Status.FILLED, Requisition.Status.CANCELLED):
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    requisition.status, requisition.opened_at, requisition.closed_at = (
        locked.status,
        locked.opened_at,
        locked.closed_at,
    )
    return RequisitionEvent.objects.create(
        requisition=locked,
        from_status=from_status,
        to_status=to_status,
        by=by,
        at=now,
        comment=comment,
    )


def requisition_approve(*, requisition: Requisition, by, comment: str = "") -> RequisitionEvent:
    """HR approves a requisition pending approval: it opens and appears on the careers page."""
    return requisition_transition(
        requisition=requisition, to_status=Requisition.Status.OPEN, by=by, comment=comment
    )


def requisition_send_back(*, requisition: Requisition, by, comment: str) -> RequisitionEvent:
    """HR returns a requisition to draft with a comment saying what to change."""
    return requisition_transition(
        requisition=requisition, to_status=Requisition.Status.DRAFT, by=by, comment=comment
    )


REQUISITION_FIELDS = (
    "title",
    "department",
    "role_family",
    "headcount",
    "employment_type",
    "location",
    "remote_option",
    "salary_min",
    "salary_max",
    "salary_currency",
    "description",
    "target_start_date",
)


def _skills_set(requisition: Requisition, skills: list[tuple[str, int]]) -> None:
    from recruiting.models.requisitions import RequisitionSkill

    requisition.skills.all().delete()
    seen: set[str] = set()
    rows = []
    for name, years in skills:
        if name.lower() not in seen:
            seen.add(name.lower())
            rows.append(RequisitionSkill(requisition=requisition, name=name, minimum_years=years))
    RequisitionSkill.objects.bulk_create(rows)


@transaction.atomic
def requisition_create(
    *, by, hiring_manager, skills: list[tuple[str, int]] = (), **fields
) -> Requisition:
    """A new requisition starts as a draft; HR may create one for any hiring manager."""
    unknown = set(fields) - set(REQUISITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown requisition fields: {', '.join(sorted(unknown))}")
    requisition = Requisition.objects.create(
        hiring_manager=hiring_manager, status=Requisition.Status.DRAFT, **fields
    )
    _skills_set(requisition, list(skills))
    return requisition


@transaction.atomic
def requisition_update(
    *, requisition: Requisition, by, skills: list[tuple[str, int]] | None = None, **fields
) -> Requisition:
    """Edit the job's details: its manager while it is a draft, HR at any time.

    Only HR moves a requisition to another hiring manager.
    """
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if not by.is_hr and (
        locked.status != Requisition.Status.DRAFT or locked.hiring_manager_id != by.pk
    ):
        raise RequisitionTransitionRefused("Only drafts can be edited; ask HR to change it.")
    if "hiring_manager" in fields and not by.is_hr:
        raise RequisitionTransitionRefused("Only HR can hand a requisition to another manager.")
    unknown = set(fields) - {*REQUISITION_FIELDS, "hiring_manager"}
    if unknown:
        raise TypeError(f"Unknown requisition fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    if skills is not None:
        _skills_set(locked, skills)
    return locked
