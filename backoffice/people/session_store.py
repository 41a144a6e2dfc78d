"""Database sessions read with SQL written once per process (issue 22).

Every signed-in request reads its session row. Django builds and compiles
`Session.objects.get(session_key=…, expire_date__gt=now)` each time, which costs more Python
than the query costs PostgreSQL; this store runs the same SELECT from a string. Writes, expiry,
deletion (a password change or a leaver's sessions ending) are Django's own, unchanged.
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


@cache
def _select_sql(alias: str, model) -> str:
    quote = connections[alias].ops.quote_name
    meta = model._meta
    key, data, expires = (
        meta.get_field(name).column for name in ("session_key", "session_data", "expire_date")
    )
    # Only the model's own quoted names go into the string; the values are parameters.
    return (
        f"SELECT {quote(data)} FROM {quote(meta.db_table)}"  # noqa: S608
        f" WHERE {quote(key)} = %s AND {quote(expires)} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # As Django's: the row of a session key that has not expired, or forget the key.
        key = self.session_key
        if key is not None:
            alias = router.db_for_read(self.model)
            connection = connections[alias]
            now = self.model._meta.get_field("expire_date").get_db_prep_value(
                timezone.now(), connection
            )
            with connection.cursor() as cursor:
                cursor.execute(_select_sql(alias, self.model), [key, now])
                row = cursor.fetchone()
            if row is not None:
                return self.model(session_key=key, session_data=row[0])
        self._session_key = None
        return None
