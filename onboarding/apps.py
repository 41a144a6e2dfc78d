from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = "Onboarding"

    def ready(self) -> None:
        # Registers the employee_hired and employee_leaving handlers, home-page panels, demo data,
        # reminder kinds and the training seam performance's development plans use.
        from onboarding import demo, panels, receivers, reminders, seams  # noqa: F401

        seams.register()
