"""Run seed migrations' data functions again after a flush.

Reference data (role families, leaving reasons, the skills framework) is written by data
migrations. `manage.py flush` (and every test that uses a live server, which flushes after
itself) empties the tables without running migrations again, so each app reconnects its seed
functions to post_migrate, which flush sends. They use get_or_create: after a normal migrate
they find everything in place and write nothing.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as global_apps


def seed_migrations_rerun(*migration_modules: str) -> None:
    for module in migration_modules:
        import_module(module).seed(global_apps, None)
