from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "backoffice.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from backoffice.webhooks import receivers  # noqa: F401  (subscribes to the events)
