from django.core.management.base import BaseCommand

from backoffice.notifications.services import reminders_sweep


class Command(BaseCommand):
    help = "Run the reminder sweep now (beat runs it every REMINDER_SWEEP_MINUTES)."

    def handle(self, *args, **options) -> None:
        report = reminders_sweep()
        if report.skipped:
            self.stdout.write("Outside working days or in quiet hours: nothing to do now.")
            return
        self.stdout.write(
            f"offered={report.offered} recipients_queued={report.recipients_queued} "
            f"broker_down={report.broker_down}"
        )
