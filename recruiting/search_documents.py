"""The candidate list's search documents written in bulk. Migration 0010's triggers keep them
up to date for every ordinary write; a load of a million rows turns them off and writes every
document in one UPDATE instead."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

# One pass joined to the candidates and their tags (as migration 0010's backfill).
REFRESH_ALL = """
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
TABLES = ("recruiting_application", "recruiting_candidate", "recruiting_candidate_tags")


@contextmanager
def search_documents_deferred():
    """Bulk writes with the search triggers off, then every document in one UPDATE. With the
    triggers on, each COPY batch of tags refreshed its candidates' applications with a lookup
    that has no index while the load has them dropped (a statement timeout at a million). In
    the caller's transaction; PostgreSQL only, elsewhere a no-op."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        _run_pending_checks(cursor)
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        _run_pending_checks(cursor)
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute(REFRESH_ALL)


def _run_pending_checks(cursor) -> None:
    # Foreign-key checks Django defers to the commit would stop the ALTERs: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
