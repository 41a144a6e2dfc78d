from django.core.management.base import BaseCommand

from recruiting.services.resume_text import resume_texts_backfill


class Command(BaseCommand):
    help = (
        "Read the text of resumes uploaded before resume search existed, in batches. Safe to "
        "stop and run again: resumes already read are skipped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument("--after", type=int, default=0, help="Start after this application id.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Hand each resume to the Celery workers instead of reading it here.",
        )

    def handle(self, *args, batch_size: int, after: int, queue: bool, **options) -> None:
        def progress(report) -> None:
            self.stdout.write(
                f"  up to application {report.last_pk}: {report.read} read, "
                f"{report.failed} unreadable, {report.queued} queued"
            )

        report = resume_texts_backfill(
            batch_size=max(batch_size, 1), queue=queue, after_pk=after, progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {report.read} read, {report.failed} unreadable, {report.queued} queued."
            )
        )
