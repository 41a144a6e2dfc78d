from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        # Registers the hire receiver, home-page panels, demo data and reminder kinds.
        from onboarding import demo, panels, receivers, reminders, seams  # noqa: F401

        seams.register()
