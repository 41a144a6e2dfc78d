from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "backoffice.notifications"
    label = "notifications"
    verbose_name = "Notifications"
