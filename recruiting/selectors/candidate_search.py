"""The candidate list's search box: names, emails, phones, skills, tags and resume text.

A row matches when the typed text is part of the candidate's name, email, phone, skills or one
of their tags, or when the words are in the application's resume.

On PostgreSQL the resume is searched through its tsvector (GIN index, `websearch` syntax:
"quoted phrases", `or`, `-word`); rows are ranked (a match in the name, email, phone, skills or
tags first, then by SearchRank over the resume), and each row found by its resume carries a
snippet with the matched words marked. Elsewhere (SQLite, for development) the resume text is
searched with LIKE, unranked and without a snippet.

All of it is annotations on the list's one query: the query count does not change.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from recruiting.models.candidates import Application, Candidate
from recruiting.models.resume_text import SEARCH_CONFIG, ResumeText

MAX_QUERY = 200
# Private-use characters (never kept in resume text: document_text strips them) mark the
# matched words in the database's snippet; they become <mark> only after the rest is escaped.
SNIPPET_START = "\ue000"
SNIPPET_STOP = "\ue001"


def _tagged(value: str) -> QuerySet:
    return Candidate.tags.through.objects.filter(tag__name__icontains=value).values("candidate_id")


def _candidates_matching(value: str) -> QuerySet:
    """The ids of the candidates whose name, email, phone, skills or a tag contain `value`: a
    UNION, so that each column's trigram index answers its own part (PostgreSQL combines
    indexes for an OR only when it guesses that few rows match, and it guesses high)."""
    columns = [
        Candidate.objects.filter(**{f"{column}__icontains": value}).values("pk")
        for column in ("name", "email", "phone", "skills")
    ]
    return columns[0].union(*columns[1:], _tagged(value))


def _profile_match(value: str) -> Q:
    return (
        Q(candidate__name__icontains=value)
        | Q(candidate__email__icontains=value)
        | Q(candidate__phone__icontains=value)
        | Q(candidate__skills__icontains=value)
        | Q(candidate_id__in=_tagged(value))
    )


def is_ranked(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def candidates_search(queryset: QuerySet, value: str, *, snippets: bool = True) -> QuerySet:
    """`queryset` (applications) narrowed to the matches; on PostgreSQL annotated with
    `search_rank` and (unless `snippets` is False: the CSV export has no use for them)
    `resume_snippet` (raw: render it with snippet_html)."""
    value = (value or "").strip()[:MAX_QUERY]
    if not value:
        return queryset
    profile = _profile_match(value)
    if not is_ranked(queryset):
        return queryset.filter(profile | Q(resume_text__text__icontains=value))
    query = SearchQuery(value, search_type="websearch", config=SEARCH_CONFIG)
    in_resume = Q(resume_text__search=query)
    # Which rows match, as subqueries each answered by its own index (the trigram indexes of
    # the four columns, the resume's GIN index): one OR across the joined tables would read
    # every application and test each one (issue 22: 250 ms at 50,000 candidates).
    by_profile = Application.objects.filter(candidate_id__in=_candidates_matching(value))
    by_resume = ResumeText.objects.filter(search=query).values("application_id")
    matching = Q(pk__in=by_profile.values("pk").union(by_resume))
    snippet = SearchHeadline(
        "resume_text__text",
        query,
        config=SEARCH_CONFIG,
        start_sel=SNIPPET_START,
        stop_sel=SNIPPET_STOP,
        max_words=25,
        min_words=10,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    found = queryset.filter(matching).annotate(
        search_rank=Case(When(profile, then=Value(1.0)), default=Value(0.0))
        + Coalesce(
            SearchRank(F("resume_text__search"), query), Value(0.0), output_field=FloatField()
        )
    )
    if not snippets:
        return found
    return found.annotate(
        resume_snippet=Case(
            When(in_resume, then=snippet), default=Value(""), output_field=TextField()
        )
    )


def snippet_html(raw: str | None) -> SafeString:
    """The snippet as HTML: everything escaped, then the match markers turned into <mark>."""
    if not raw:
        return mark_safe("")
    html = str(escape(raw))
    opened = False
    parts = []
    for char in html:
        if char == SNIPPET_START and not opened:
            parts.append("<mark>")
            opened = True
        elif char == SNIPPET_STOP and opened:
            parts.append("</mark>")
            opened = False
        elif char not in (SNIPPET_START, SNIPPET_STOP):
            parts.append(char)
    if opened:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - escaped above; only <mark> added
