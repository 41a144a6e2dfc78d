"""The candidate list's search document (issue 22): one tsvector of the candidate's name,
email, phone, skills and tag names on each application, with a GIN index, so that the list finds
a word in all of them through one index on its own rows, instead of five trigram scans UNION'ed
and a join to the candidates.

The database writes it (PostgreSQL only; SQLite searches with LIKE and leaves it NULL), so that
every path that writes a candidate, its tags or an application (services, the admin, the CSV
import, COPY in seed_scale, a queryset.update()) keeps it right:
- BEFORE INSERT or UPDATE OF candidate_id on recruiting_application: the row's own document;
- AFTER UPDATE on recruiting_candidate, AFTER INSERT/DELETE on the tags table and AFTER UPDATE
  on recruiting_tag: statement triggers with transition tables that recompute the affected
  candidates' applications in one UPDATE (one per statement or COPY batch, not one per row).

Each text goes in twice: as PostgreSQL's parser reads it (an email, "talent-pool" stay whole)
and with every run of non-alphanumerics made a space ("jan", "jansen", "example", "org"; "31",
"6", "12345678" and all the digits together for a phone), so that each typed word can match as
a prefix. Name and email weigh most (A), skills and tags next (B), the phone least (C): ts_rank
orders the matches by where the word was found.

The backfill is one UPDATE joined to the candidates and their tags, run before the index and
the triggers exist.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION recruiting_search_words(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('simple'::regconfig, coalesce(value, '') || ' '
        || regexp_replace(coalesce(value, ''), '[^[:alnum:]]+', ' ', 'g'))
$$;

CREATE OR REPLACE FUNCTION recruiting_search_document(
    name text, email text, phone text, skills text, tags text
) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(recruiting_search_words(name), 'A')
        || setweight(recruiting_search_words(email), 'A')
        || setweight(recruiting_search_words(skills), 'B')
        || setweight(recruiting_search_words(tags), 'B')
        || setweight(recruiting_search_words(
            coalesce(phone, '') || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]+', '', 'g')
        ), 'C')
$$;

CREATE OR REPLACE FUNCTION recruiting_candidate_document(candidate bigint) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT recruiting_search_document(c.name, c.email, c.phone, c.skills, (
        SELECT string_agg(tag.name, ' ')
        FROM recruiting_candidate_tags AS link
        JOIN recruiting_tag AS tag ON tag.id = link.tag_id
        WHERE link.candidate_id = c.id
    ))
    FROM recruiting_candidate AS c WHERE c.id = candidate
$$;

CREATE OR REPLACE FUNCTION recruiting_documents_refresh(candidates bigint[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE recruiting_application AS a
    SET search_document = recruiting_candidate_document(a.candidate_id)
    WHERE a.candidate_id = ANY(candidates)
$$;
"""

TRIGGERS = r"""
CREATE OR REPLACE FUNCTION recruiting_application_document() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_document := recruiting_candidate_document(NEW.candidate_id);
    RETURN NEW;
END $$;

CREATE TRIGGER recruiting_application_document
BEFORE INSERT OR UPDATE OF candidate_id ON recruiting_application
FOR EACH ROW EXECUTE FUNCTION recruiting_application_document();

CREATE OR REPLACE FUNCTION recruiting_candidate_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Only the candidates whose searched fields changed (a consent date does not count);
    -- NEW and OLD are names of PL/pgSQL's: the transition tables are after and before.
    PERFORM recruiting_documents_refresh(ARRAY(
        SELECT after.id FROM new_rows AS after JOIN old_rows AS before ON before.id = after.id
        WHERE (after.name, after.email, after.phone, after.skills)
            IS DISTINCT FROM (before.name, before.email, before.phone, before.skills)
    ));
    RETURN NULL;
END $$;

CREATE TRIGGER recruiting_candidate_changed
AFTER UPDATE ON recruiting_candidate
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION recruiting_candidate_changed();

CREATE OR REPLACE FUNCTION recruiting_candidate_tags_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM recruiting_documents_refresh(ARRAY(SELECT DISTINCT candidate_id FROM changed));
    RETURN NULL;
END $$;

CREATE TRIGGER recruiting_candidate_tagged
AFTER INSERT ON recruiting_candidate_tags REFERENCING NEW TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION recruiting_candidate_tags_changed();

CREATE TRIGGER recruiting_candidate_untagged
AFTER DELETE ON recruiting_candidate_tags REFERENCING OLD TABLE AS changed
FOR EACH STATEMENT EXECUTE FUNCTION recruiting_candidate_tags_changed();

CREATE OR REPLACE FUNCTION recruiting_tag_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM recruiting_documents_refresh(ARRAY(
        SELECT DISTINCT link.candidate_id
        FROM recruiting_candidate_tags AS link
        JOIN new_rows AS after ON after.id = link.tag_id
        JOIN old_rows AS before ON before.id = after.id
        WHERE after.name IS DISTINCT FROM before.name
    ));
    RETURN NULL;
END $$;

CREATE TRIGGER recruiting_tag_renamed
AFTER UPDATE ON recruiting_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION recruiting_tag_renamed();
"""

# One pass joined to the candidates and their tags, not a function call per row.
BACKFILL = """
UPDATE recruiting_application AS a
SET search_document = recruiting_search_document(c.name, c.email, c.phone, c.skills, t.names)
FROM recruiting_candidate AS c
LEFT JOIN (
    SELECT link.candidate_id, string_agg(tag.name, ' ') AS names
    FROM recruiting_candidate_tags AS link JOIN recruiting_tag AS tag ON tag.id = link.tag_id
    GROUP BY link.candidate_id
) AS t ON t.candidate_id = c.id
WHERE c.id = a.candidate_id
"""

INDEX = (
    "CREATE INDEX IF NOT EXISTS recruiting_app_search "
    "ON recruiting_application USING gin (search_document)"
)

DROP = """
DROP TRIGGER IF EXISTS recruiting_tag_renamed ON recruiting_tag;
DROP TRIGGER IF EXISTS recruiting_candidate_untagged ON recruiting_candidate_tags;
DROP TRIGGER IF EXISTS recruiting_candidate_tagged ON recruiting_candidate_tags;
DROP TRIGGER IF EXISTS recruiting_candidate_changed ON recruiting_candidate;
DROP TRIGGER IF EXISTS recruiting_application_document ON recruiting_application;
DROP FUNCTION IF EXISTS recruiting_tag_renamed();
DROP FUNCTION IF EXISTS recruiting_candidate_tags_changed();
DROP FUNCTION IF EXISTS recruiting_candidate_changed();
DROP FUNCTION IF EXISTS recruiting_application_document();
DROP FUNCTION IF EXISTS recruiting_documents_refresh(bigint[]);
DROP FUNCTION IF EXISTS recruiting_candidate_document(bigint);
DROP FUNCTION IF EXISTS recruiting_search_document(text, text, text, text, text);
DROP FUNCTION IF EXISTS recruiting_search_words(text);
DROP INDEX IF EXISTS recruiting_app_search;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTIONS)
    schema_editor.execute(BACKFILL)
    schema_editor.execute(INDEX)
    schema_editor.execute(TRIGGERS)
    schema_editor.execute("ANALYZE recruiting_application")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0009_candidate_skills_trgm")]

    operations = [
        migrations.AddField(
            model_name="application",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
