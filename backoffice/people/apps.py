from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from backoffice.people.services import roles_sync

    roles_sync()


class PeopleConfig(AppConfig):
    name = "backoffice.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # After every migrate, so that new apps' permissions reach the role groups.
        post_migrate.connect(_sync_roles, dispatch_uid="people.sync_roles")
        from backoffice.people import demo, panels  # noqa: F401  (registers panels, demo data)
