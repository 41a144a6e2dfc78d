from django.core.management.base import BaseCommand

from backoffice.notifications.services.outbox import outbox_sweep


class Command(BaseCommand):
    help = (
        "Send the outbox's due emails and run its due events now "
        "(beat runs this every OUTBOX_SWEEP_SECONDS)."
    )

    def handle(self, *args, **options) -> None:
        report = outbox_sweep()
        self.stdout.write(
            f"sent={report.sent} failed={report.failed} retrying={report.retrying} "
            f"events_done={report.events_done} events_failed={report.events_failed} "
            f"events_retrying={report.events_retrying}"
        )
