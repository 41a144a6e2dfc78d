"""Reference data comes back after a flush.

Reference data (role families, leaving reasons, the skills framework, the offboarding
checklist, the default offer letter) is written by data migrations. `manage.py flush` (and every
test that uses a live server, which flushes after itself) empties the tables without running
migrations again, so each app reconnects its seed functions to post_migrate, which flush sends.
A seed runs again only when its table is empty: what HR deleted or renamed on purpose is not
brought back by the next deploy's migrate.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as global_apps


def seed_when_empty(*seeds: tuple[str, str, str]) -> None:
    """Each seed is (model label, migration module, function) — e.g. ("people.LeavingReason",
    "backoffice.people.migrations.0007_seed_leaving_reasons", "seed")."""
    for model_label, module, function in seeds:
        if not global_apps.get_model(model_label).objects.exists():
            getattr(import_module(module), function)(global_apps, None)
