"""Reads of development plans."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from backoffice.core.trainings import training_catalogue
from performance.models import DevelopmentItem


def plan_items(employee, user) -> list[DevelopmentItem]:
    """The person's items with, for trainings, when the training was completed. Two queries
    (the items, and one read of the completion records)."""
    items = list(
        DevelopmentItem.objects.visible_to(user)
        .filter(employee=employee)
        .select_related("skill", "proposed_by")
        .order_by("status", "due_on", "pk")
    )
    catalogue = training_catalogue()
    training_ids = [item.training_id for item in items if item.training_id]
    done = (
        catalogue.completions(employee_ids=[employee.pk], training_ids=training_ids)
        if catalogue and training_ids
        else {}
    )
    for item in items:
        completed = done.get((employee.pk, item.training_id))
        agreed = timezone.localdate(item.agreed_at) if item.agreed_at else None
        item.training_completed_on = (
            completed if completed and agreed and completed >= agreed else None
        )
    return items


def item_get_for_user(user, pk: int) -> DevelopmentItem:
    item = (
        DevelopmentItem.objects.visible_to(user)
        .select_related("employee__manager", "employee__user")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item
