"""A page of rows sorted and cut first, their related rows joined after (issue 22).

The ranked candidate search orders its newest 1,000 matches by rank and counts them with a
window, then shows 25. Written as Django writes it, the candidate, requisition and rejection
reason are joined to all 1,000 rows before the window and the sort (PostgreSQL cannot move a
join past a window function): a third of the query's time at 50,000 candidates. `late_joined`
runs the same queryset as

    SELECT <the same columns> FROM (<its own table's columns and annotations, filtered,
    sorted, counted and sliced>) AS <its table> <the same joins> ORDER BY <the same order>

and gives the same model instances (select_related, annotations, prefetches), through the
compiler Django set up for the query (as backoffice/core/compiled_once.py does). A queryset it
cannot rewrite so (ordered by a joined table's column, grouped, distinct, or not on
PostgreSQL) is run as it is.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import Col, Ref

from backoffice.core.compiled_once import answering_with


def late_joined(queryset: QuerySet, start: int, stop: int) -> list[Model]:
    try:
        rewritten = _rewrite(queryset, start, stop)
    except (EmptyResultSet, FullResultSet):  # nothing can match: Django answers without SQL
        rewritten = None
    page = queryset[start:stop]
    if rewritten is None:
        return list(page)
    compiler, sql, params = rewritten
    page.query.get_compiler = partial(answering_with, compiler, queryset.db, sql, params)
    return list(page)


def _rewrite(queryset: QuerySet, start: int, stop: int):
    connection = connections[queryset.db]
    query = queryset[start:stop].query
    if (
        connection.vendor != "postgresql"
        or query.distinct
        or query.combinator
        or query.group_by is not None
        or query.extra
        or not query.select_related
    ):
        return None
    compiler = query.get_compiler(queryset.db)
    extra_select, order_by, _ = compiler.pre_sql_setup()
    if extra_select or compiler.having or compiler.qualify or not order_by:
        return None
    quote = connection.ops.quote_name
    base = query.base_table
    if not all(_single_valued(join) for alias, join in query.alias_map.items() if alias != base):
        return None  # joined again without its filter, a to-many join would repeat rows
    own, columns, params = [], [], []
    for expression, (s_sql, s_params), alias in compiler.select:
        if alias and alias in query.annotation_select:
            own.append(alias)
            columns.append(f"{quote(base)}.{quote(alias)} AS {quote(alias)}")
        elif isinstance(expression, Col) and expression.alias == base:
            if expression.target.attname != expression.target.column:
                return None
            own.append(expression.target.attname)
            columns.append(s_sql)
            params.extend(s_params)
        else:
            columns.append(f"{s_sql} AS {quote(alias)}" if alias else s_sql)
            params.extend(s_params)
    ordering, order_params = [], []
    for expression, (o_sql, o_params, _) in order_by:
        for column in _columns(expression):
            # Sorted by a joined table's column (it must be joined before the sort), or by
            # something of its own the subquery does not select.
            if isinstance(column, Ref):
                if column.refs not in own:
                    return None
            elif column.alias != base or column.target.attname not in own:
                return None
        ordering.append(o_sql)
        order_params.extend(o_params)
    inner_sql, inner_params = queryset.values(*own)[start:stop].query.sql_with_params()
    from_, from_params = compiler.get_from_clause()
    compiler.col_count = len(compiler.select)
    # Parts compiled by Django, values as parameters: nothing typed is interpolated.
    sql = (
        f"SELECT {', '.join(columns)} FROM ({inner_sql}) {quote(base)} {' '.join(from_[1:])}"  # noqa: S608
        f" ORDER BY {', '.join(ordering)}"
    )
    return compiler, sql, (*params, *inner_params, *from_params, *order_params)


def _single_valued(join) -> bool:
    field = getattr(join, "join_field", None)
    return bool(field is not None and (field.many_to_one or field.one_to_one))


def _columns(expression):
    """The columns and annotations (Refs: whatever they are made of) an ORDER BY reads."""
    if isinstance(expression, Col | Ref):
        yield expression
    else:
        for source in expression.get_source_expressions():
            if source is not None:
                yield from _columns(source)
