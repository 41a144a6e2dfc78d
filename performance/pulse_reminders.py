"""The one reminder of a pulse round: to those asked who have not answered, two days before
it closes. Answering is voluntary, so the reminder goes once, people may turn it off, and it
never escalates to a manager (that would tell them who did not answer)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from backoffice.notifications.reminders import DueItem, path_for_pk, reminder_kind
from backoffice.notifications.schedule import local
from performance.models import PulseParticipation

PULSE_REMINDER_KIND = "performance.pulse_unanswered"
REMIND_DAYS_BEFORE_CLOSE = 2
BATCH = 500


@reminder_kind(key=PULSE_REMINDER_KIND, label="Pulse surveys you have not answered yet")
def pulse_unanswered(now: datetime.datetime) -> Iterator[DueItem]:
    today = local(now).date()
    rows = (
        PulseParticipation.objects.filter(
            answered=False,
            round__survey__is_active=True,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
            round__closes_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE_CLOSE),
            employee__user__is_active=True,
        )
        .values_list("round_id", "employee__user_id", "round__survey__name", "round__closes_on")
        .order_by("pk")
    )
    answer_path = path_for_pk("performance:pulse_answer")
    for round_id, user_id, name, closes_on in rows.iterator(chunk_size=BATCH):
        yield DueItem(
            recipient_id=user_id,
            kind=PULSE_REMINDER_KIND,
            subject=f"performance.pulseround:{round_id}",
            period="once",
            title=f"A one-minute anonymous survey · {name}",
            path=answer_path(round_id),
            due=closes_on,
        )
