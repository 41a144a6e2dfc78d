"""A trigram index on the candidates' skills (issue 22), like 0005's on name, email and phone.

The search box matches skills with `icontains` too; without this index, PostgreSQL cannot
combine the four columns' indexes (a bitmap OR needs an index for every branch) and reads every
candidate. PostgreSQL only, and only where pg_trgm is installed (0005 tried to install it).
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS recruiting_candidate_skills_trgm "
        "ON recruiting_candidate USING gin (UPPER(skills) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS recruiting_candidate_skills_trgm")


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0008_resume_text_search")]

    operations = [migrations.RunPython(create, drop)]
