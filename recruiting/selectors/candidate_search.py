"""The candidate list's search box: names, emails, phones, skills, tags and resume text.

On PostgreSQL a row matches when every typed word begins a word of the candidate's search
document (name, email whole and in parts, phone, skills, tag names: Application.search_document,
written by the database, GIN-indexed), or when the words are in the application's resume
(its tsvector, GIN-indexed, `websearch` syntax: "quoted phrases", `or`, `-word`). Words match
by their beginning ("jans" finds Jansen), not in their middle ("ansen" does not).

Ranking needs every row it orders, and a common name matches tens of thousands. The list only
ever offers its first 1,000 rows (EstimatedCountPaginator), so with `newest` the search keeps
the newest `newest` matches (by applied date) and ranks those: a match in the profile first
(name and email before skills and tags), then by SearchRank over the resume; rows found by
their resume carry a snippet with the matched words marked. Each of the two kinds of match is
its own bounded subquery; the profile's decides from the column's statistics whether to walk
the newest applications testing each (a common word) or to read every match through the GIN
index (a rarer one): NEWEST_SQL.

Elsewhere (SQLite, for development) the text is searched with LIKE, unranked, no snippet.
All of it is annotations and subqueries of the list's one query, which also counts a ranked
search (WindowCountPaginator): no query of its own.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recruiting.models.candidates import Candidate
from recruiting.models.resume_text import SEARCH_CONFIG

MAX_QUERY = 200
MAX_WORDS = 10
# A whole email address; no quote or backslash, which to_tsquery's syntax would read.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Private-use characters (never kept in resume text: document_text strips them) mark the
# matched words in the database's snippet; they become <mark> only after the rest is escaped.
SNIPPET_START = "\ue000"
SNIPPET_STOP = "\ue001"
SNIPPET_MARKERS = re.compile(f"([{SNIPPET_START}{SNIPPET_STOP}])")
# A profile match ranks above any resume-only match.
PROFILE_RANK = 1.0
# Tests set how many of the newest rows a search tests one by one (None: NEWEST_SQL decides).
WALK: int | None = None
RAW = {"search_type": "raw", "config": SEARCH_CONFIG}


def is_ranked(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def _words(value: str) -> list[str]:
    """The typed words as the search document holds them: runs of letters and digits."""
    return re.findall(r"[^\W_]+", value.lower())[:MAX_WORDS]


def profile_tsquery(value: str) -> str:
    """Every typed word as a prefix, in to_tsquery's syntax (`'jan':* & 'jansen':*`); empty
    when there is no word. A whole email address (or the beginning of one) is looked up as
    the one word the document holds for it: its parts (an "example" or "com" in every address)
    would each read a long list from the index."""
    if EMAIL.fullmatch(value):
        return f"'{value.lower()}':*"
    return " & ".join(f"'{word}':*" for word in _words(value))


def _like(queryset: QuerySet, value: str) -> QuerySet:
    tagged = Candidate.tags.through.objects.filter(tag__name__icontains=value)
    return queryset.filter(
        Q(candidate__name__icontains=value)
        | Q(candidate__email__icontains=value)
        | Q(candidate__phone__icontains=value)
        | Q(candidate__skills__icontains=value)
        | Q(candidate_id__in=tagged.values("candidate_id"))
        | Q(resume_text__text__icontains=value)
    )


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


# The newest `newest` matches of the profile, in one statement. `sizes`: the table's rows and
# the share of them the typed words match, from the column's statistics (the most common
# lexemes and their frequencies, one word's prefixes summed, the words multiplied). Walking
# the newest rows costs about newest / share rows, reading every match share x rows: the walk
# runs only when it is the cheaper (share above the square root of newest / rows: 3% at
# 1,200,000 applications, 13% at 60,000), and stops after twice its expected length. When
# it did not run or did not find `newest` (the statistics were wrong), every match is read
# through the GIN index and sorted; `+ interval` keeps PostgreSQL from walking the index
# instead, which for a rare word would read every row.
NEWEST_SQL = """
WITH sizes AS MATERIALIZED (
    SELECT greatest(c.reltuples, 1) AS rows_total, coalesce((
        SELECT exp(sum(ln(greatest(per_word.share, 1e-9)))) FROM (
            SELECT (
                SELECT coalesce(sum(e.share), 0)
                FROM pg_stats AS s, unnest(
                    s.most_common_elems::text::text[], s.most_common_elem_freqs
                ) AS e(lexeme, share)
                WHERE s.schemaname = current_schema() AND s.tablename = %s
                    AND s.attname = 'search_document' AND e.lexeme LIKE w.word || '%%'
            ) AS share
            FROM unnest(%s::text[]) AS w(word)
        ) AS per_word
    ), 0) AS share
    FROM pg_class AS c WHERE c.oid = %s::regclass
), hits AS MATERIALIZED (
    SELECT recent.pk, recent.applied_at
    FROM ({walk} LIMIT {walk_limit}) AS recent
    WHERE {walk_when} AND recent.search_document @@ to_tsquery(%s::regconfig, %s)
    ORDER BY recent.applied_at DESC, recent.pk DESC LIMIT %s
)
(SELECT hits.pk, hits.applied_at FROM hits WHERE (SELECT count(*) FROM hits) >= %s)
UNION ALL (
    SELECT every.pk, every.applied_at FROM ({every}) AS every
    WHERE (SELECT count(*) FROM hits) < %s
    ORDER BY every.applied_at + interval '0 seconds' DESC, every.pk DESC LIMIT %s
)
"""
WALK_LIMIT = "(SELECT (2 * sqrt(%s * rows_total))::bigint FROM sizes)"
WALK_WHEN = "(SELECT share >= sqrt(%s / rows_total) FROM sizes)"


def _newest_in_profile(queryset: QuerySet, value: str, newest: int) -> tuple[str, list]:
    """SQL for the newest `newest` rows of `queryset` whose search document matches, without
    trusting the planner's guess of how many match: for a prefix it guesses 2% whatever the
    word (issue 22), and walks the applied_at index for a rare word too (5 s at 1,000,000)."""
    tsquery = profile_tsquery(value)
    table = queryset.model._meta.db_table
    walk, walk_params = _sql(
        queryset.order_by("-applied_at", "-pk").values("pk", "applied_at", "search_document")
    )
    every, every_params = _sql(
        queryset.order_by()
        .filter(search_document=SearchQuery(tsquery, **RAW))
        .values("pk", "applied_at")
    )
    if WALK is None:
        limit, limit_params, when, when_params = WALK_LIMIT, [newest], WALK_WHEN, [newest]
    else:  # tests choose
        limit, limit_params, when, when_params = "%s", [WALK], "true", []
    sql = NEWEST_SQL.format(walk=walk, walk_limit=limit, walk_when=when, every=every)
    params = [
        *(table, _words(value), table),
        *walk_params,
        *limit_params,
        *when_params,
        *(SEARCH_CONFIG, tsquery, newest, newest),
        *every_params,
        *(newest, newest),
    ]
    return sql, params


def _matching(
    queryset: QuerySet, value: str, resume: SearchQuery, newest: int | None
) -> tuple[str, list]:
    """SQL for the ids of the rows of `queryset` that match: a UNION of the profile's matches
    and the resume's, each answered by its own index; with `newest`, the newest rows of
    each, then of both."""
    tsquery = profile_tsquery(value)
    by_resume = queryset.filter(resume_text__search=resume)
    if not newest:
        profile, profile_params = _sql(
            queryset.order_by()
            .filter(search_document=SearchQuery(tsquery, **RAW))
            .values("pk", "applied_at")
        )
        resume_sql, resume_params = _sql(by_resume.order_by().values("pk", "applied_at"))
        return (
            f"SELECT found.pk FROM (({profile}) UNION ({resume_sql})) AS found",  # noqa: S608
            [*profile_params, *resume_params],
        )
    profile, profile_params = _newest_in_profile(queryset, value, newest)
    resume_sql, resume_params = _sql(
        by_resume.order_by("-applied_at", "-pk").values("pk", "applied_at")[:newest]
    )
    return (
        f"SELECT found.pk FROM (({profile}) UNION ({resume_sql})) AS found "  # noqa: S608
        "ORDER BY found.applied_at DESC, found.pk DESC LIMIT %s",
        [*profile_params, *resume_params, newest],
    )


def candidates_search(
    queryset: QuerySet, value: str, *, snippets: bool = True, newest: int | None = None
) -> QuerySet:
    """`queryset` (applications, all other filters applied) narrowed to the matches (with
    `newest`, the newest that many); on PostgreSQL annotated with `search_rank` and (unless
    `snippets` is False: the CSV export has no use for them) `resume_snippet` (raw: render it
    with snippet_html)."""
    value = (value or "").strip()[:MAX_QUERY]
    if not value:
        return queryset
    if not is_ranked(queryset):
        return _like(queryset, value)
    tsquery = profile_tsquery(value)
    if not tsquery:  # only punctuation: no word to look for
        return queryset.annotate(
            search_rank=Value(0.0, output_field=FloatField()),
            resume_snippet=Value("", output_field=TextField()),
        ).none()
    profile = SearchQuery(tsquery, **RAW)
    resume = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
    sql, params = _matching(queryset, value, resume, newest)
    in_profile = Q(search_document=profile)
    # Parts compiled by Django and typed words passed as parameters: nothing is interpolated.
    found = queryset.filter(pk__in=RawSQL(sql, params)).annotate(  # noqa: S611
        search_rank=Case(
            When(
                in_profile,
                then=Value(PROFILE_RANK) + SearchRank(F("search_document"), profile),
            ),
            default=Value(0.0),
            output_field=FloatField(),
        )
        + Coalesce(
            SearchRank(F("resume_text__search"), resume), Value(0.0), output_field=FloatField()
        )
    )
    if not snippets:
        return found
    snippet = SearchHeadline(
        "resume_text__text",
        resume,
        config=SEARCH_CONFIG,
        start_sel=SNIPPET_START,
        stop_sel=SNIPPET_STOP,
        max_words=25,
        min_words=10,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    return found.annotate(
        resume_snippet=Case(
            When(resume_text__search=resume, then=snippet),
            default=Value(""),
            output_field=TextField(),
        )
    )


def snippet_html(raw: str | None) -> SafeString:
    """The snippet as HTML: everything escaped, then the match markers turned into <mark>."""
    if not raw:
        return mark_safe("")
    opened = False
    parts = []
    # Split at the markers, not walked per character (22 → 5 µs a snippet, 25 on a page); a
    # stray or repeated marker is dropped, as before.
    for piece in SNIPPET_MARKERS.split(str(escape(raw))):
        if piece == SNIPPET_START:
            if not opened:
                parts.append("<mark>")
                opened = True
        elif piece == SNIPPET_STOP:
            if opened:
                parts.append("</mark>")
                opened = False
        else:
            parts.append(piece)
    if opened:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above; only <mark> added
