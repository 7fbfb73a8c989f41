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
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import (
    VALID_KEY_CHARS,
    CreateError,
    UpdateError,
)
from django.db import DatabaseError, IntegrityError, connections, router
from django.utils.crypto import get_random_string

from .transactions import savepoint_if_in_transaction


class SessionStore(db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._written = None  # (key, serialized data) of this request's last write
        self._unsaved_key = False  # a renewed key not in the database yet

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)

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
        connection = self._connection()
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE session_key = %s", [session_key])
        if session_key == self.session_key:
            self._written = None

    def _write(self, must_create: bool) -> None:
        using = self._connection().alias
        obj = self.create_model_instance(self._get_session(no_load=must_create))
        try:
            with savepoint_if_in_transaction(using):
                obj.save(
                    force_insert=must_create, force_update=not must_create, using=using
                )
        except IntegrityError as clash:
            if must_create:
                raise CreateError from clash
            raise
        except DatabaseError as failure:
            if not must_create:
                raise UpdateError from failure
            raise

    def _connection(self):
        return connections[router.db_for_write(self.model)]

    def _serialized(self, must_create: bool) -> bytes:
        return self.serializer().dumps(self._get_session(no_load=must_create))
