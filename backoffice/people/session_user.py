"""The signed-in user of each request with their role flags, in one query (issue 22)."""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ValidationError
from django.db import connections, router

from backoffice.people.models import User

# Stands for the user's id while the query is compiled once; never a real primary key.
_PLACEHOLDER_PK = -7_654_321


@cache
def _user_with_roles_sql(alias: str) -> tuple[str, tuple, int, tuple[str, ...]]:
    """The SQL of `User.objects.with_role_names().filter(pk=…)`, compiled once per process:
    (sql, params, where the id goes in params, the columns' attribute names)."""
    queryset = User.objects.using(alias).with_role_names().filter(pk=_PLACEHOLDER_PK).order_by()
    compiler = queryset.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    attnames = tuple(field.attname for field in User._meta.concrete_fields)
    return sql, tuple(params), list(params).index(_PLACEHOLDER_PK), attnames


def user_with_roles(user_id) -> User | None:
    """The user with their roles (`User.role_names` reads `role_bits`), in one query.

    Every signed-in request runs this: building and compiling the queryset cost more than
    running it, so its SQL is compiled once (issue 22)."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:  # a malformed id in a session is no user at all
        return None
    alias = router.db_for_read(User)
    sql, params, position, attnames = _user_with_roles_sql(alias)
    params = list(params)
    params[position] = user_id
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    user = User.from_db(alias, attnames, row[: len(attnames)])
    (user.role_bits,) = row[len(attnames) :]
    return user
