"""Reads for a training item's page and its files."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import Http404

from onboarding.models import ItemKind, PlanItem, QuizAttempt, TrainingAttachment


def item_page_extras(item: PlanItem, user) -> dict:
    """What an item's page shows besides the item: a training's files, links and attempts."""
    if item.kind != ItemKind.TRAINING:
        return {}
    module = item.training
    # The content renders its images from the same list, without another query.
    prefetch_related_objects([module], "attachments", "links")
    attachments = list(module.attachments.all())
    attempts = list(QuizAttempt.objects.filter(item=item).order_by("-submitted_at", "-pk")[:20])
    return {
        "attachments": [a for a in attachments if not a.is_image],
        "links": list(module.links.all()),
        "attempts": attempts,
    }


def training_attachment_get_for_user(user, pk: int) -> TrainingAttachment:
    """A training's file, for HR or anyone with a plan item for that training they may see."""
    attachments = TrainingAttachment.objects.select_related("module")
    if not user.is_hr:
        attachments = attachments.filter(
            module__in=PlanItem.objects.visible_to(user)
            .filter(kind=ItemKind.TRAINING)
            .values("training")
        )
    attachment = attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such file.")
    return attachment
