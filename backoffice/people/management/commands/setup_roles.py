from django.core.management.base import BaseCommand

from backoffice.people.services import roles_sync


class Command(BaseCommand):
    help = "Create the HR, Hiring manager, Interviewer and Employee groups with their permissions."

    def handle(self, *args, **options) -> None:
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
