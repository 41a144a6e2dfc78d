"""The careers page's search: finds a job however people type its words.

"data entry", "data-entry", "Data Entry Clerk", "dataentry", "Dàta Éntry" and "entr" all find
the Data-Entry Clerk job. Both sides are reduced to a compact key — accents stripped, case
folded, everything but letters and digits removed — and the job matches when the whole typed
text, or each of its words, is part of the key of its title and description.

On PostgreSQL with the unaccent extension (installed by migration 0006 where the database user
may) the key is computed in SQL. Elsewhere (SQLite, or PostgreSQL without the extension) the
same key is computed in Python over the open jobs' titles and descriptions: the careers page
only ever searches open requisitions, a set of tens to hundreds.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connections
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower

_WORDS = re.compile(r"[\W_]+")
_NOT_KEY = re.compile(r"[^a-z0-9]+")
MAX_QUERY = 200


def compact(text: str) -> str:
    """'Dàta-Entry Clerk' → 'dataentryclerk'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_KEY.sub("", stripped.casefold())


def search_terms(value: str) -> list[str]:
    """The compact keys a job must contain: the whole text, else each of its words."""
    value = (value or "")[:MAX_QUERY]
    words = [key for key in (compact(word) for word in _WORDS.split(value)) if key]
    return words


def _has_unaccent(alias: str) -> bool:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return False
    cached = getattr(connection, "_recruiting_has_unaccent", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
            cached = cursor.fetchone() is not None
        connection._recruiting_has_unaccent = cached
    return cached


def _sql_key():
    text = Concat(F("title"), Value(" "), F("description"), output_field=TextField())
    return Func(
        Lower(Func(text, function="unaccent", output_field=TextField())),
        Value("[^a-z0-9]+"),
        Value(""),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def _matches(key: str, whole: str, words: list[str]) -> bool:
    return whole in key or all(word in key for word in words)


def jobs_search(queryset: QuerySet, value: str, *, in_python: bool = False) -> QuerySet:
    """`queryset` (requisitions) narrowed to the jobs whose title or description match."""
    words = search_terms(value)
    if not words:
        return queryset
    whole = "".join(words)
    if not in_python and _has_unaccent(queryset.db):
        keyed = queryset.annotate(search_key=_sql_key())
        each_word = Q()
        for word in words:
            each_word &= Q(search_key__contains=word)
        return keyed.filter(Q(search_key__contains=whole) | each_word)
    matching = [
        pk
        for pk, title, description in queryset.values_list("pk", "title", "description")
        if _matches(compact(f"{title} {description}"), whole, words)
    ]
    return queryset.filter(pk__in=matching)
