"""
The SQL statements of each step, pinned, as production sends them: outside a test
transaction (so BEGIN and COMMIT count, savepoints only where the code makes them).
A change here is a change in the cost of the journey: look at it before updating the
number.
"""

import pytest

from tests.conftest import read_code
from tests.journey import (
    HOME,
    LOGIN,
    enter_code,
    log_in,
    register,
    request_code,
    set_new_password,
)

pytestmark = pytest.mark.django_db(transaction=True)

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def fixed_code(monkeypatch):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    return "123456"


def test_login_page(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(LOGIN)


def test_login_with_the_right_password(client, member, django_assert_num_queries):
    with django_assert_num_queries(5):
        log_in(client, member.email, "Lama1234")


def test_login_with_a_wrong_password(client, member, django_assert_num_queries):
    with django_assert_num_queries(7):  # 2 of them carry the error across the redirect
        log_in(client, member.email, "Salah123")


def test_home(client, member, django_assert_num_queries):
    client.force_login(member)
    with django_assert_num_queries(2):
        client.get(HOME)


@pytest.mark.parametrize("email", ["siti@example.com", "nobody@example.com"])
def test_code_request_step_is_the_same_for_every_address(
    client, member, settings, email, django_assert_num_queries
):
    settings.TASKS = DUMMY_TASKS  # the request step alone, without the task's work
    with django_assert_num_queries(3):  # the session, the journey, the event
        request_code(client, email)


def test_code_request_with_the_task_run_immediately(
    client, member, django_assert_num_queries
):
    with django_assert_num_queries(11):  # a first run does not look for its own mail
        request_code(client, member.email)


def test_wrong_code(client, member, fixed_code, django_assert_num_queries):
    request_code(client, member.email)
    with django_assert_num_queries(11):  # 1 of them carries the error
        enter_code(client, "000000")


def test_right_code(client, member, fixed_code, django_assert_num_queries):
    request_code(client, member.email)
    with django_assert_num_queries(12):  # the session gets a new key
        enter_code(client, fixed_code)


def test_new_password(client, member, mailoutbox, django_assert_num_queries):
    request_code(client, member.email)
    enter_code(client, read_code(mailoutbox))
    with django_assert_num_queries(13):
        set_new_password(client, "BPjs234")


def test_registration_page(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # it opens the session a double tap shares
        client.get("/register/")
    with django_assert_num_queries(1):  # and reads it on the next visit
        client.get("/register/")


@pytest.mark.parametrize("email", ["baru@example.com", "siti@example.com"])
def test_registration_step_is_the_same_for_a_fresh_and_a_used_address(
    client, member, participant, settings, email, django_assert_num_queries
):
    settings.TASKS = DUMMY_TASKS  # the request step alone, without the task's work
    with django_assert_num_queries(6):
        register(client, participant, email)


def test_registration_mismatch(client, participant, django_assert_num_queries):
    with django_assert_num_queries(6):  # lookups, the event, the refused form
        register(client, participant, "baru@example.com", kpj_number="21000000009")
