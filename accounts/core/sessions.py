"""
Django's database sessions, with the same guarantees and fewer round trips (every
journey step pays them; see README, Performance).

- A new key is not looked up first: the INSERT that creates the session is the
  uniqueness check (a clash raises CreateError, as in Django).
- A renewed key (a verified code, a login) is written once, by the response's save,
  with the data the request ends with, instead of an INSERT now and an UPDATE then.
  The old session is deleted at once, as Django does.
- A session saved once in this request is not saved again with the same data.
- Outside a transaction, one INSERT, UPDATE or DELETE is atomic by itself: it is sent
  without the BEGIN and COMMIT around it. Inside one, Django's savepoint is kept so
  that a failed write cannot break the caller's transaction.
- Each statement is written out once below instead of being built by the ORM on
  every request: the same SQL as Django's, at under half the CPU (nearly every
  request reads its session).
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import (
    VALID_KEY_CHARS,
    CreateError,
    UpdateError,
)
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string

from .transactions import savepoint_if_in_transaction


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._written = None  # (key, serialized data) of this request's last write
        self._unsaved_key = False  # a renewed key not in the database yet

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

    def load(self):
        row = self._execute(
            "SELECT session_data FROM {table} WHERE session_key = %s"
            " AND expire_date > %s",
            [self.session_key, self._datetime(timezone.now())],
            fetch=True,
        )
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])

    def cycle_key(self):
        data, old_key = self._session, self.session_key
        self._session_key = self._get_new_session_key()
        self._session_cache, self._unsaved_key, self.modified = data, True, True
        if old_key:
            self.delete(old_key)

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        must_create = must_create or self._unsaved_key
        written = (self.session_key, self._serialized(must_create))
        if not must_create and written == self._written:
            return
        self._write(must_create)
        self._written, self._unsaved_key = written, False

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is None:
            return
        self._execute("DELETE FROM {table} WHERE session_key = %s", [session_key])
        if session_key == self.session_key:
            self._written = None

    def _write(self, must_create: bool) -> None:
        data = self.encode(self._get_session(no_load=must_create))
        expires = self._datetime(self.get_expiry_date())
        connection = self._connection()
        try:
            with savepoint_if_in_transaction(connection.alias):
                if must_create:
                    self._execute(
                        "INSERT INTO {table} (session_key, session_data, expire_date)"
                        " VALUES (%s, %s, %s)",
                        [self.session_key, data, expires],
                    )
                    return
                updated = self._execute(
                    "UPDATE {table} SET session_data = %s, expire_date = %s"
                    " WHERE session_key = %s",
                    [data, expires, self.session_key],
                )
        except IntegrityError as clash:
            if must_create:
                raise CreateError from clash
            raise
        except DatabaseError as failure:
            if not must_create:
                raise UpdateError from failure
            raise
        if not updated:  # deleted meanwhile (a logout elsewhere), as Django answers
            raise UpdateError

    def _execute(self, sql: str, params: list, fetch: bool = False):
        """Run one statement on the sessions' table; a row if fetch, else the count."""
        connection = self._connection()
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=table), params)
            return cursor.fetchone() if fetch else cursor.rowcount

    def _datetime(self, moment):
        return self._connection().ops.adapt_datetimefield_value(moment)

    def _connection(self):
        return connections[router.db_for_write(self.model)]

    def _serialized(self, must_create: bool) -> bytes:
        return self.serializer().dumps(self._get_session(no_load=must_create))
