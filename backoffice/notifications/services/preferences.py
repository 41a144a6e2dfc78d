"""Each person's choices about their own reminders."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from backoffice.notifications.models import ReminderPreference
from backoffice.notifications.reminders import reminder_kinds


@transaction.atomic
def reminder_preference_update(*, user, delivery: str, muted_kinds) -> ReminderPreference:
    """Save how `user` gets reminders. Required kinds and unknown kinds cannot be muted."""
    if delivery not in ReminderPreference.Delivery.values:
        raise ValidationError({"delivery": "Choose immediate or daily."})
    kinds = {kind.key: kind for kind in reminder_kinds()}
    muted = sorted(set(muted_kinds))
    refused = [key for key in muted if key not in kinds or kinds[key].required]
    if refused:
        raise ValidationError({"muted_kinds": f"These cannot be turned off: {', '.join(refused)}"})
    preference, _ = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    preference.delivery = delivery
    preference.muted_kinds = muted
    preference.save(update_fields=["delivery", "muted_kinds", "updated_at"])
    return preference
