"""
accounts/core/sessions.py: Django's database sessions with fewer round trips. The
data, the keys and what a stolen or old key can do must be exactly Django's.
Transactional, so the writes run outside a test transaction as in production.
"""

import pytest
from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.core.sessions import SessionStore

pytestmark = pytest.mark.django_db(transaction=True)


def stored(key):
    return SessionStore(key).load()


def test_a_new_session_is_one_insert():
    session = SessionStore()
    session["journeys"] = True
    with CaptureQueriesContext(connection) as queries:
        session.save()
    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]
    assert stored(session.session_key) == {"journeys": True}


def test_saving_unchanged_data_again_writes_nothing():
    session = SessionStore()
    session["journeys"] = True
    session.save()
    with CaptureQueriesContext(connection) as queries:
        session.save()
    assert len(queries) == 0


def test_changed_data_is_written():
    session = SessionStore()
    session["journeys"] = True
    session.save()
    session["step"] = 2
    session.save()
    assert stored(session.session_key) == {"journeys": True, "step": 2}


def test_a_renewed_key_is_written_once_with_the_final_data():
    session = SessionStore()
    session["journeys"] = True
    session.save()
    old = session.session_key
    with CaptureQueriesContext(connection) as queries:
        session.cycle_key()
        session["_auth_user_id"] = "7"
        session.save()
    assert [q["sql"].split()[0] for q in queries] == ["DELETE", "INSERT"]
    assert session.session_key != old
    assert stored(session.session_key) == {"journeys": True, "_auth_user_id": "7"}


def test_the_old_key_is_gone_at_once_after_a_renewal():
    session = SessionStore()
    session["_auth_user_id"] = "7"
    session.save()
    old = session.session_key
    session.cycle_key()
    assert not Session.objects.filter(session_key=old).exists()
    assert stored(old) == {}  # an old cookie opens an empty session


def test_a_renewed_key_never_saved_is_not_in_the_database():
    session = SessionStore()
    session["journeys"] = True
    session.save()
    session.cycle_key()
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_a_key_already_taken_is_refused_on_create():
    first = SessionStore()
    first["a"] = 1
    first.save()
    second = SessionStore()
    second["b"] = 2
    second.cycle_key()
    second._session_key = first.session_key  # as if the random key clashed
    with pytest.raises(CreateError):
        second.save()
    assert stored(first.session_key) == {"a": 1}


def test_flush_deletes_the_session():
    session = SessionStore()
    session["_auth_user_id"] = "7"
    session.save()
    key = session.session_key
    session.flush()
    assert not Session.objects.filter(session_key=key).exists()
    assert session.session_key is None


def test_a_session_opens_until_the_second_it_expires(clock):
    session = SessionStore()
    session["_auth_user_id"] = "7"
    session.set_expiry(60)
    session.save()
    clock.shift(59)
    assert stored(session.session_key) == {"_auth_user_id": "7", "_session_expiry": 60}
    clock.shift(1)
    assert stored(session.session_key) == {}  # expired at its expiry date: empty


def test_an_expired_key_loads_as_no_session(clock):
    session = SessionStore()
    session["a"] = 1
    session.set_expiry(60)
    session.save()
    clock.shift(61)
    reopened = SessionStore(session.session_key)
    assert reopened.load() == {}
    assert reopened.session_key is None  # the response gives it a fresh key


def test_saving_a_session_deleted_meanwhile_is_refused():
    session = SessionStore()
    session["a"] = 1
    session.save()
    SessionStore(session.session_key).delete()  # a logout in another request
    session["a"] = 2
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_a_key_of_the_wrong_shape_is_never_looked_up():
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore("short").get("_auth_user_id") is None
    assert len(queries) == 0
