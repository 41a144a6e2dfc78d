"""The application page's own record: its stage events, notes, files, tags, assigned
interviewers and each interview's panel, in one query whose SQL is compiled once (issue 22).

Every branch of the UNION selects the same columns, and each row is turned back into the model
instance the template knows: eight round trips became one. Building and compiling the six
branches cost about three times what PostgreSQL takes to run them, so the SQL is compiled once
per process with stand-in ids, which each page replaces by the application's and candidate's.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.db import connections, router
from django.db.models import CharField, DateTimeField, F, IntegerField, Value

from backoffice.people.models import User
from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    StageEvent,
    Tag,
)
from recruiting.models.interviews import Interview

# Stand in for the ids while the SQL is compiled; never real primary keys.
_APPLICATION = -7_654_321
_CANDIDATE = -7_654_322


def _record_rows(queryset, kind: str, *, ref="pk", at=None, person=None, a=None, b=None, text=None):
    def column(path, output_field):
        return F(path) if path else Value(None, output_field=output_field)

    return queryset.order_by().values(
        row_kind=Value(kind, output_field=CharField()),
        row_ref=F(ref),
        row_at=column(at, DateTimeField()),
        row_person=column(person and f"{person}_id", IntegerField()),
        row_first=column(person and f"{person}__first_name", CharField()),
        row_last=column(person and f"{person}__last_name", CharField()),
        row_email=column(person and f"{person}__email", CharField()),
        row_a=column(a, CharField()),
        row_b=column(b, CharField()),
        row_text=column(text, CharField()),
    )


def _record_queryset(application_id: int, candidate_id: int):
    panel = Interview.interviewers.through
    of_application = {"application_id": application_id}
    branches = [
        _record_rows(
            StageEvent.objects.filter(**of_application),
            "event",
            at="at",
            person="by",
            a="from_stage",
            b="to_stage",
            text="note",
        ),
        _record_rows(
            ApplicationNote.objects.filter(**of_application),
            "note",
            at="created_at",
            person="author",
            text="body",
        ),
        _record_rows(
            ApplicationAttachment.objects.filter(**of_application),
            "file",
            at="uploaded_at",
            a="filename",
            b="content_type",
        ),
        _record_rows(Tag.objects.filter(candidates=candidate_id), "tag", text="name"),
        _record_rows(
            ApplicationInterviewer.objects.filter(**of_application),
            "assigned",
            at="assigned_at",
            person="user",
        ),
        _record_rows(
            panel.objects.filter(interview__application_id=application_id),
            "panel",
            ref="interview_id",
            person="user",
        ),
    ]
    return branches[0].union(*branches[1:], all=True)


@cache
def _record_sql(alias: str) -> tuple[str, tuple, tuple[int, ...], tuple[int, ...], dict]:
    """(sql, params, where the application's id goes, where the candidate's id goes, the
    backend's converters of the columns: none on PostgreSQL, text to datetimes on SQLite)."""
    compiler = _record_queryset(_APPLICATION, _CANDIDATE).query.get_compiler(alias)
    sql, params = compiler.as_sql()
    at_application = tuple(i for i, value in enumerate(params) if value == _APPLICATION)
    at_candidate = tuple(i for i, value in enumerate(params) if value == _CANDIDATE)
    if len(at_application) != 5 or len(at_candidate) != 1:  # one per branch
        raise RuntimeError("the application record's SQL lost track of its ids")
    converters = compiler.get_converters([column for column, *_ in compiler.select])
    return sql, tuple(params), at_application, at_candidate, converters


def _record(application: Application) -> list[dict]:
    alias = router.db_for_read(Application)
    sql, params, at_application, at_candidate, converters = _record_sql(alias)
    params = list(params)
    for position in at_application:
        params[position] = application.pk
    for position in at_candidate:
        params[position] = application.candidate_id
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0].removeprefix("row_") for column in cursor.description]
        rows = cursor.fetchall()
    if converters:
        rows = _converted(rows, converters, connection)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _converted(rows, converters: dict, connection) -> list[list]:
    """As the ORM's values() returns them (SQLite's datetimes come back as text)."""
    converted = []
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters.items():
            for function in functions:
                row[position] = function(row[position], expression, connection)
        converted.append(row)
    return converted


def _person(row: dict) -> User | None:
    if row["person"] is None:
        return None
    return User(
        pk=row["person"], first_name=row["first"], last_name=row["last"], email=row["email"]
    )


def application_page(application: Application) -> dict:
    """Everything the application page shows of the application's own record, in one query."""
    page = {"events": [], "notes": [], "attachments": [], "tags": [], "interviewers": []}
    panels: dict[int, list[User]] = defaultdict(list)
    for row in _record(application):
        kind, pk, at = row["kind"], row["ref"], row["at"]
        if kind == "event":
            page["events"].append(
                StageEvent(
                    pk=pk,
                    at=at,
                    by=_person(row),
                    from_stage=row["a"] or "",
                    to_stage=row["b"],
                    note=row["text"] or "",
                )
            )
        elif kind == "note":
            page["notes"].append(
                ApplicationNote(pk=pk, created_at=at, author=_person(row), body=row["text"])
            )
        elif kind == "file":
            page["attachments"].append(
                ApplicationAttachment(
                    pk=pk, uploaded_at=at, filename=row["a"], content_type=row["b"]
                )
            )
        elif kind == "tag":
            page["tags"].append(Tag(pk=pk, name=row["text"]))
        elif kind == "assigned":
            page["interviewers"].append(
                ApplicationInterviewer(pk=pk, assigned_at=at, user=_person(row))
            )
        else:
            panels[pk].append(_person(row))
    page["events"].sort(key=lambda event: (event.at, event.pk))
    page["notes"].sort(key=lambda note: (note.created_at, note.pk))
    page["attachments"].sort(key=lambda attachment: (attachment.uploaded_at, attachment.pk))
    page["tags"].sort(key=lambda tag: tag.name)
    page["interviewers"].sort(key=lambda assignment: (assignment.assigned_at, assignment.pk))
    page["panels"] = {pk: sorted(people, key=_user_order) for pk, people in panels.items()}
    return page


def _user_order(user: User) -> tuple:
    return (user.first_name, user.last_name, user.email)
