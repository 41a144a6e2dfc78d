from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # Panels, demo data, reminder kinds and the employee_hired handler register on import.
        from performance import (  # noqa: F401
            demo,
            development_reminders,
            panels,
            pulse_demo,
            pulse_reminders,
            pulse_tasks,
            receivers,
            reminders,
            skills_demo,
        )
