"""Onboarding's side of backoffice.core.trainings: the training catalogue, assigning a training
as an item of the person's list (as recertification does), and the completion records."""

from __future__ import annotations

import datetime

from django.db.models import Max

from backoffice.core.trainings import TrainingCatalogue, training_catalogue_register
from onboarding.models import (
    ItemKind,
    ItemOwner,
    PlanItem,
    PlanItemEvent,
    TrainingCompletion,
    TrainingModule,
)
from onboarding.services.policies import plans_for_employees


def _choices() -> list[tuple[int, str]]:
    return list(TrainingModule.objects.order_by("title").values_list("pk", "title"))


def _assign(
    *, employee, training_id: int, due_on: datetime.date, note: str, by, origin: str = ""
) -> None:
    module = TrainingModule.objects.get(pk=training_id)
    (plan,) = plans_for_employees([employee])
    open_already = PlanItem.objects.filter(
        plan=plan, kind=ItemKind.TRAINING, training=module, done_at__isnull=True
    ).first()
    if open_already is not None:
        # The training is on the list already (a retake, onboarding's own): it now serves the
        # development plan too, and says so.
        if origin and not open_already.origin_note:
            open_already.origin_note = origin[:200]
            open_already.save(update_fields=["origin_note"])
        return
    item = PlanItem.objects.create(
        plan=plan,
        kind=ItemKind.TRAINING,
        title=f"Training: {module.title}",
        description=note,
        owner=ItemOwner.NEW_HIRE,
        due_date=due_on,
        training=module,
        origin=PlanItem.Origin.DEVELOPMENT,
        origin_note=origin[:200],
    )
    PlanItemEvent.objects.create(
        item=item, action=PlanItemEvent.Action.ADDED, by=by, note=origin[:500] or "Development plan"
    )


def _completions(*, employee_ids, training_ids) -> dict[tuple[int, int], datetime.date]:
    rows = (
        TrainingCompletion.objects.filter(employee_id__in=employee_ids, module_id__in=training_ids)
        .values("employee_id", "module_id")
        .annotate(latest=Max("completed_at"))
    )
    return {(r["employee_id"], r["module_id"]): r["latest"].date() for r in rows}


def register() -> None:
    training_catalogue_register(
        TrainingCatalogue(choices=_choices, assign=_assign, completions=_completions)
    )
