from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from backoffice.people.services import roles_sync

    roles_sync()


def _seed_reference_data(sender, **kwargs) -> None:
    from backoffice.core.seeds import seed_when_empty

    seed_when_empty(
        ("people.RoleFamily", "backoffice.people.migrations.0002_seed_role_families", "seed"),
        ("people.LeavingReason", "backoffice.people.migrations.0007_seed_leaving_reasons", "seed"),
    )


class PeopleConfig(AppConfig):
    name = "backoffice.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        # After every migrate, so that new apps' permissions reach the role groups.
        post_migrate.connect(_sync_roles, dispatch_uid="people.sync_roles")
        # Role families and leaving reasons come back after a flush (backoffice/core/seeds.py).
        post_migrate.connect(_seed_reference_data, sender=self, dispatch_uid="people.seed")
        # Panels, demo data, and the turnover report's background refresh register on import.
        from backoffice.people import demo, panels, turnover  # noqa: F401
