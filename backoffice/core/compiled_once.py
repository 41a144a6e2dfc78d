"""Querysets whose SQL is built and compiled once per process (issue 22).

On the hottest pages, building a queryset (filters, select_related, annotations) and compiling
it to SQL costs more Python than PostgreSQL takes to answer it. `CompiledOnce(build)` calls
`build(**ids, **shape)` once per database and `key` with stand-in ids, keeps the compiled SQL,
and for each call runs that SQL with the real ids through Django's own iterable: rows become model
instances (select_related, annotations) exactly as they would have.

Rules for `build`: its SQL may depend only on the ids and on `shape`, which `key` must name
(the viewer's roles, today's date; `shape` is read only when compiling). No related managers (they
remember the instance they came from), no prefetch_related. The ids reach the SQL as parameters
only; one the SQL does not need (HR's own id, for a list HR sees whole) may be left out. If
compiling finds the result always empty or always whole, every call builds afresh.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet

# Stand in for the ids while the SQL is compiled; never real primary keys.
_FIRST_STAND_IN = -7_654_300
# Compiled SQL kept per instance at most; a key naming a date (today) gains one a day.
MAX_COMPILED = 64


class CompiledOnce:
    def __init__(self, model: type[Model], build: Callable[..., QuerySet]):
        self.model = model
        self.build = build
        self._compiled: dict[tuple, tuple | None] = {}

    def __call__(self, key: tuple = (), shape: dict | None = None, **ids) -> list[Model]:
        """The instances `build(**ids, **shape)` would give, its SQL compiled once per `key`.
        A list, never a queryset: a clause chained onto it would not reach the SQL."""
        shape = shape or {}
        alias = router.db_for_read(self.model)
        cache_key = (alias, tuple(sorted(ids)), *key)
        try:
            compiled = self._compiled[cache_key]
        except KeyError:
            compiled = self._compile(alias, sorted(ids), shape)
            if len(self._compiled) >= MAX_COMPILED:
                self._compiled.clear()  # another thread may be reading: it holds its own entry
            self._compiled[cache_key] = compiled
        if compiled is None:
            return list(self.build(**ids, **shape))
        queryset, compiler, sql, params, positions = compiled
        params = list(params)
        for name, places in positions.items():
            for place in places:
                params[place] = ids[name]
        clone = queryset._chain()
        # Django's iterable asks the query for its compiler: it gets the one already set up.
        clone.query.get_compiler = partial(answering_with, compiler, alias, sql, tuple(params))
        return list(clone)

    def _compile(self, alias: str, names: list[str], shape: dict) -> tuple | None:
        stand_ins = {name: _FIRST_STAND_IN - index for index, name in enumerate(names)}
        queryset = self.build(**stand_ins, **shape)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            return None
        compiler = queryset.query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except (EmptyResultSet, FullResultSet):
            return None
        positions = {
            name: tuple(i for i, value in enumerate(params) if value == stand_in)
            for name, stand_in in stand_ins.items()
        }
        return queryset, compiler, sql, tuple(params), positions


def answering_with(compiler, alias, sql, params, using=None, connection=None, elide_empty=True):
    """For `query.get_compiler`: a copy of `compiler`, set up already (its select, related and
    annotation columns), on this thread's connection, answering as_sql() with `sql`."""
    compiler = copy.copy(compiler)
    compiler.connection = connections[alias]
    compiler.as_sql = lambda *args, **kwargs: (sql, list(params))
    return compiler


def viewer_key(user) -> tuple:
    """What of a signed-in viewer shapes the SQL of a `visible_to(user)`: their roles."""
    return (user.role_names, user.is_superuser)


def as_viewer(viewer, user_id: int):
    """`viewer` with a stand-in id, for a `build` that filters by what they may see: their
    roles shape the SQL, their id is a parameter."""
    stand_in = copy.copy(viewer)
    stand_in.pk = user_id
    return stand_in
