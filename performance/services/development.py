"""Development plans: propose, agree, complete and confirm items; the only writer of
DevelopmentItem.status. A confirmed item can raise the skill's assessed level."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.core.trainings import training_catalogue
from backoffice.people.models import Employee, User
from performance.models import DevelopmentItem, Skill, SkillAssessment

Status = DevelopmentItem.Status


def _is_manager(employee: Employee, user: User) -> bool:
    return employee.manager is not None and employee.manager.user_id == user.pk


def _party(employee: Employee, user: User) -> str:
    if employee.user_id == user.pk:
        return "employee"
    if _is_manager(employee, user):
        return "manager"
    raise DomainError("Only the person and their manager agree a development plan.")


@transaction.atomic
def development_item_propose(
    *,
    employee: Employee,
    by: User,
    skill: Skill,
    kind: str,
    due_on: datetime.date,
    title: str = "",
    details: str = "",
    training_id: int | None = None,
    raises_to: int | None = None,
) -> DevelopmentItem:
    """The person or their manager proposes an item; the other one agrees it."""
    _party(employee, by)
    if kind == DevelopmentItem.Kind.TRAINING:
        catalogue = training_catalogue()
        trainings = dict(catalogue.choices()) if catalogue else {}
        if training_id not in trainings:
            raise DomainError("Choose a training from the catalogue.")
        title = title or trainings[training_id]
    else:
        training_id = None
    if not title.strip():
        raise DomainError("Say what the item is.")
    if due_on < timezone.localdate():
        raise DomainError("The due date is in the past.")
    return DevelopmentItem.objects.create(
        employee=employee,
        skill=skill,
        kind=kind,
        title=title.strip(),
        details=details.strip(),
        training_id=training_id,
        due_on=due_on,
        raises_to=raises_to,
        proposed_by=by,
    )


def _locked(item: DevelopmentItem) -> DevelopmentItem:
    return (
        DevelopmentItem.objects.select_for_update(of=("self",))
        .select_related("employee__manager", "employee__user", "skill")
        .get(pk=item.pk)
    )


@transaction.atomic
def development_item_agree(*, item: DevelopmentItem, by: User) -> DevelopmentItem:
    """The other party agrees (not the one who proposed). A training is then put on the
    person's training list through onboarding's catalogue."""
    item = _locked(item)
    party = _party(item.employee, by)
    if item.status != Status.PROPOSED:
        raise DomainError("This item is not waiting for agreement.")
    if item.proposed_by_id == by.pk:
        other = "your manager" if party == "employee" else "they"
        raise DomainError(f"You proposed it: {other} agree it.")
    item.status = Status.AGREED
    item.agreed_by = by
    item.agreed_at = timezone.now()
    item.save(update_fields=["status", "agreed_by", "agreed_at"])
    if item.kind == DevelopmentItem.Kind.TRAINING:
        catalogue = training_catalogue()
        if catalogue is None:
            raise DomainError("No training catalogue is available.")
        catalogue.assign(
            employee=item.employee,
            training_id=item.training_id,
            due_on=item.due_on,
            note=f"From your development plan: {item.skill}.",
            by=by,
            origin=f"Development plan: {item.skill}",
        )
    return item


def training_completed_on(item: DevelopmentItem) -> datetime.date | None:
    """When the person completed the item's training, if after the item was agreed."""
    catalogue = training_catalogue()
    if item.kind != DevelopmentItem.Kind.TRAINING or catalogue is None or item.agreed_at is None:
        return None
    done = catalogue.completions(employee_ids=[item.employee_id], training_ids=[item.training_id])
    completed = done.get((item.employee_id, item.training_id))
    return completed if completed and completed >= timezone.localdate(item.agreed_at) else None


@transaction.atomic
def development_item_complete(*, item: DevelopmentItem, by: User) -> DevelopmentItem:
    """The person says a shadowing or stretch task is done (a training is done when its
    completion is recorded in the training list)."""
    item = _locked(item)
    if item.employee.user_id != by.pk:
        raise DomainError("Only the person marks their item done.")
    if item.status != Status.AGREED:
        raise DomainError("Only an agreed item can be done.")
    if item.kind == DevelopmentItem.Kind.TRAINING and training_completed_on(item) is None:
        raise DomainError("Complete the training in your training list first.")
    item.status = Status.DONE
    item.done_at = timezone.now()
    item.save(update_fields=["status", "done_at"])
    return item


@transaction.atomic
def development_item_confirm(*, item: DevelopmentItem, by: User) -> DevelopmentItem:
    """The manager confirms a done item (a training once its completion is recorded); the
    skill's assessed level rises to the item's level if it was below."""
    item = _locked(item)
    if not _is_manager(item.employee, by):
        raise DomainError("Only the person's manager confirms.")
    training_done = training_completed_on(item) is not None
    if not (item.status == Status.DONE or (item.status == Status.AGREED and training_done)):
        raise DomainError("The item is not done yet.")
    now = timezone.now()
    item.status = Status.CONFIRMED
    item.confirmed_by = by
    item.confirmed_at = now
    item.done_at = item.done_at or now
    item.save(update_fields=["status", "confirmed_by", "confirmed_at", "done_at"])
    if item.raises_to:
        current = (
            SkillAssessment.objects.filter(employee=item.employee, skill=item.skill, kind="manager")
            .order_by("-assessed_at", "-id")
            .values_list("level", flat=True)
            .first()
        )
        if current is None or current < item.raises_to:
            SkillAssessment.objects.create(
                employee=item.employee,
                skill=item.skill,
                kind=SkillAssessment.Kind.MANAGER,
                level=item.raises_to,
                note=f"Development item confirmed: {item.title}",
                assessed_by=by,
            )
    return item


@transaction.atomic
def development_item_cancel(*, item: DevelopmentItem, by: User) -> DevelopmentItem:
    item = _locked(item)
    _party(item.employee, by)
    if item.status in (Status.CONFIRMED, Status.CANCELLED):
        raise DomainError("This item is closed.")
    item.status = Status.CANCELLED
    item.save(update_fields=["status"])
    return item
