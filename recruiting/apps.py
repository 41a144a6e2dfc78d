from django.apps import AppConfig


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "Recruiting"

    def ready(self) -> None:
        # Panels, demo data (and the earlier hires'), reminders.
        from recruiting import demo, demo_history, panels, reminders  # noqa: F401
