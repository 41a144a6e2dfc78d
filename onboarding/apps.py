from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_reference_data(sender, **kwargs) -> None:
    from backoffice.core.seeds import seed_when_empty

    seed_when_empty(
        (
            "onboarding.ChecklistTemplate",
            "onboarding.migrations.0005_offboarding_template",
            "create",
        )
    )


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        # Registers the employee_hired and employee_leaving handlers, home-page panels, demo data,
        # reminder kinds and the training seam performance's development plans use.
        from onboarding import demo, panels, receivers, reminders, seams  # noqa: F401

        seams.register()
        # The offboarding checklist comes back after a flush (backoffice/core/seeds.py).
        post_migrate.connect(_seed_reference_data, sender=self, dispatch_uid="onboarding.seed")
