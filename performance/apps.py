from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        # Panels, demo data, reminder kinds and the employee_hired handler register on import.
        from performance import demo, panels, receivers, reminders  # noqa: F401
