from django.apps import AppConfig


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "Recruiting"

    def ready(self) -> None:
        from recruiting import demo, panels, reminders  # noqa: F401  (panels, demo data, reminders)
