from django.core.management.base import BaseCommand

from backoffice.core.demo import demo_steps
from backoffice.people.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Fill the database with a small demo company. Safe to run again: nothing is doubled."

    def handle(self, *args, **options) -> None:
        for step in demo_steps():
            self.stdout.write(f"  {step.name}: {step.run()}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for email, description in DEMO_LOGINS:
            self.stdout.write(f"  {email:<26} {DEMO_PASSWORD}   {description}")
