from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "backoffice.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from backoffice.notifications import demo  # noqa: F401  (registers the demo step)
