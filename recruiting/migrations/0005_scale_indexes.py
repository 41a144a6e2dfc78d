"""Indexes for the candidate list at scale (issue 8): its sorts, the name sort, and trigram
indexes for its search (name, email or phone containing the words).

The trigram indexes are PostgreSQL only, created where pg_trgm can be installed; they match the
SQL Django writes for `icontains` (UPPER(column::text) LIKE UPPER('%…%')). Without them the
search still works, scanning every candidate.
"""

from django.conf import settings
from django.db import DatabaseError, migrations, models, transaction

COLUMNS = ("name", "email", "phone")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        # In a savepoint: a database user without the right to install extensions gets no
        # trigram indexes (a slower search), not a failed migration.
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS recruiting_candidate_{column}_trgm "
            f"ON recruiting_candidate USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS recruiting_candidate_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0004_offer_history_and_requisition_template"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["-applied_at", "-id"], name="recruiting_app_newest"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["stage_changed_at", "id"], name="recruiting_app_in_stage"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["years_experience", "id"], name="recruiting_app_experience"),
        ),
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(fields=["name"], name="recruiting_candidate_name"),
        ),
        migrations.RunPython(create, drop),
    ]
