"""The planner's row estimate for a query, read by backoffice.core.pagination (PostgreSQL only).

EXPLAIN plans the query without running it; the function returns the top node's row estimate,
so a list of a million rows can say "about 1,000,000" for the cost of planning.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION backoffice_count_estimate(query text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || query INTO plan;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric::bigint;
END
$$;
"""
DROP = "DROP FUNCTION IF EXISTS backoffice_count_estimate(text);"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create, drop)]
