"""
Every POST step sent twice, as a double tap on a slow network sends it: the second
request carries the cookies the browser had before the first one answered. Both
answers lead where one would, the effect happens once, and the browser goes on with
the second answer (the one it shows). `at_once` fires the two together (PostgreSQL,
each request on its own connection); otherwise one follows the other.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from accounts.models import Journey, Member, SecurityEvent, VerificationCode
from tests.conftest import read_code
from tests.journey import (
    CHANGE_EMAIL,
    FORGOT,
    HOME,
    REGISTER,
    RESEND,
    RESEND_EMAIL_CODE,
    SET_PASSWORD,
    SUCCESS,
    UPDATE_DATA,
    VERIFY,
    VERIFY_EMAIL,
)

CHANGE_PASSWORD = "/account/password/"
WAYS = [
    pytest.param(False, id="one_after_the_other"),
    pytest.param(True, id="at_once", marks=pytest.mark.postgres),
]
pytestmark = pytest.mark.django_db(transaction=True)


def same_browser(client: Client) -> Client:
    """A second client with the cookies the browser holds now."""
    twin = Client()
    for name, morsel in client.cookies.items():
        twin.cookies[name] = morsel.value
    return twin


def tap_twice(client: Client, url: str, data: dict, at_once: bool) -> tuple:
    """
    Post twice from one browser; return (first answer, second answer, browser). The
    browser goes on with the cookies of the second answer; `browsers` (an attribute
    of the result's last item) holds both, for steps where either answer may be the
    one shown.
    """
    first, second = same_browser(client), same_browser(client)
    if not at_once:
        answers = [first.post(url, data), second.post(url, data)]
    else:
        barrier = threading.Barrier(2)

        def post(browser):
            barrier.wait()
            try:
                return browser.post(url, data)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(post, [first, second]))
    second.twin = first
    return answers[0], answers[1], second


def kinds(kind: str) -> int:
    return SecurityEvent.objects.filter(kind=kind).count()


def redirects_to(url: str, *answers) -> bool:
    return all(a.status_code == 302 and a.url == url for a in answers)


@pytest.fixture
def member(member_factory):
    return member_factory(email="ganda@example.com", password="Lama1234")


@pytest.fixture
def browser():
    return Client()


@pytest.fixture
def verified(browser, member, mailoutbox):
    """A browser whose reset code has just verified."""
    browser.post(FORGOT, {"email": member.email})
    browser.post(VERIFY, {"code": read_code(mailoutbox)})
    return browser


@pytest.mark.parametrize("at_once", WAYS)
def test_reset_request_twice_sends_one_code(browser, member, mailoutbox, at_once):
    browser.get(FORGOT)
    first, second, _ = tap_twice(browser, FORGOT, {"email": member.email}, at_once)
    assert redirects_to(VERIFY, first, second)
    assert kinds("code_requested") == 1 and len(mailoutbox) == 1


@pytest.mark.parametrize("at_once", WAYS)
def test_right_code_twice_leads_both_to_the_new_password(
    browser, member, mailoutbox, at_once
):
    browser.post(FORGOT, {"email": member.email})
    data = {"code": read_code(mailoutbox)}
    first, second, shown = tap_twice(browser, VERIFY, data, at_once)
    assert redirects_to(SET_PASSWORD, first, second)
    assert kinds("code_verified") == 1 and kinds("code_rejected") == 0
    # Whichever answer the browser shows, its new-password page works.
    assert shown.get(SET_PASSWORD).status_code == 200
    assert shown.twin.get(SET_PASSWORD).status_code == 200
    new_password = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    assert shown.post(SET_PASSWORD, new_password).url == SUCCESS
    assert shown.twin.post(SET_PASSWORD, new_password).url == SUCCESS
    assert kinds("password_changed") == 1


@pytest.mark.parametrize("at_once", WAYS)
def test_new_password_twice_changes_it_once_and_both_see_success(
    verified, member, mailoutbox, at_once
):
    mail.outbox.clear()
    data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    first, second, shown = tap_twice(verified, SET_PASSWORD, data, at_once)
    assert redirects_to(SUCCESS, first, second)
    assert kinds("password_changed") == 1 and len(mailoutbox) == 1
    assert "Success" in shown.get(SUCCESS).text


@pytest.mark.parametrize("at_once", WAYS)
def test_resend_twice_sends_one_new_code(browser, member, mailoutbox, clock, at_once):
    browser.post(FORGOT, {"email": member.email})
    clock.shift(61)
    round_shown = Journey.objects.get().round
    first, second, shown = tap_twice(browser, RESEND, {"round": round_shown}, at_once)
    assert redirects_to(VERIFY, first, second)
    assert VerificationCode.objects.count() == 2 and len(mailoutbox) == 2
    assert "kode baru sedang dalam perjalanan" in shown.get(VERIFY).text


@pytest.mark.parametrize("at_once", WAYS)
def test_daftar_twice_opens_one_account_and_both_verify_the_email(
    browser, participant, mailoutbox, at_once
):
    data = {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "email": "rina@example.com",
        "new_password1": "Pakai001",
        "new_password2": "Pakai001",
    }
    browser.get(REGISTER)
    first, second, _ = tap_twice(browser, REGISTER, data, at_once)
    assert redirects_to(VERIFY_EMAIL, first, second)
    assert Member.objects.filter(nik=participant.nik).count() == 1
    assert kinds("registration_requested") == 1 and len(mailoutbox) == 1


@pytest.mark.parametrize("at_once", WAYS)
def test_email_code_twice_verifies_once_and_both_log_in(
    browser, participant, mailoutbox, at_once
):
    browser.post(
        REGISTER,
        {
            "nik": participant.nik,
            "kpj_number": participant.kpj_number,
            "date_of_birth": participant.date_of_birth.isoformat(),
            "email": "rina@example.com",
            "new_password1": "Pakai001",
            "new_password2": "Pakai001",
        },
    )
    data = {"code": read_code(mailoutbox)}
    first, second, shown = tap_twice(browser, VERIFY_EMAIL, data, at_once)
    assert redirects_to(UPDATE_DATA, first, second)
    assert kinds("email_verified") == 1 and kinds("code_rejected") == 0
    assert shown.get(HOME).status_code == 200  # logged in


@pytest.mark.parametrize("at_once", WAYS)
def test_address_correction_twice_moves_the_account_once(
    browser, participant, mailoutbox, at_once
):
    browser.post(
        REGISTER,
        {
            "nik": participant.nik,
            "kpj_number": participant.kpj_number,
            "date_of_birth": participant.date_of_birth.isoformat(),
            "email": "rina@gmial.com",
            "new_password1": "Pakai001",
            "new_password2": "Pakai001",
        },
    )
    data = {"email": "rina@gmail.com"}
    first, second, shown = tap_twice(browser, "/register/email/", data, at_once)
    assert redirects_to(VERIFY_EMAIL, first, second)
    assert kinds("email_changed") == 1 and len(mailoutbox) == 2
    assert Member.objects.get().email == "rina@gmail.com"
    assert shown.post(VERIFY_EMAIL, {"code": read_code(mailoutbox)}).url == UPDATE_DATA


@pytest.fixture
def logged_in(browser, member):
    browser.force_login(member)
    return browser


@pytest.mark.parametrize("at_once", WAYS)
def test_email_change_request_twice_sends_one_code(
    logged_in, member, mailoutbox, at_once
):
    data = {"email": "baru@example.com", "current_password": "Lama1234"}
    first, second, _ = tap_twice(logged_in, CHANGE_EMAIL, data, at_once)
    assert redirects_to(VERIFY_EMAIL, first, second)
    assert kinds("email_change_requested") == 1 and len(mailoutbox) == 1
    assert kinds("login_failed") == 0


@pytest.mark.parametrize("at_once", WAYS)
def test_email_change_code_twice_changes_the_address_once(
    logged_in, member, mailoutbox, at_once
):
    logged_in.post(
        CHANGE_EMAIL, {"email": "baru@example.com", "current_password": "Lama1234"}
    )
    data = {"code": read_code(mailoutbox)}
    first, second, shown = tap_twice(logged_in, VERIFY_EMAIL, data, at_once)
    assert redirects_to(HOME, first, second)
    assert kinds("email_changed") == 1
    assert Member.objects.get().email == "baru@example.com"
    assert shown.get(HOME).status_code == 200  # this browser stays logged in


@pytest.mark.parametrize("at_once", WAYS)
def test_email_resend_twice_sends_one_new_code(
    logged_in, member, mailoutbox, clock, at_once
):
    logged_in.post(
        CHANGE_EMAIL, {"email": "baru@example.com", "current_password": "Lama1234"}
    )
    clock.shift(61)
    data = {"round": Journey.objects.get().round}
    first, second, _ = tap_twice(logged_in, RESEND_EMAIL_CODE, data, at_once)
    assert redirects_to(VERIFY_EMAIL, first, second)
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("at_once", WAYS)
def test_pengkinian_data_twice_records_once(logged_in, member, at_once):
    data = {"phone": "0812 3456 7890", "address": "Jl. Sudirman 1", "confirm": "on"}
    first, second, _ = tap_twice(logged_in, UPDATE_DATA, data, at_once)
    assert redirects_to(HOME, first, second)
    assert kinds("data_updated") == 1


@pytest.mark.parametrize("at_once", WAYS)
def test_password_change_twice_changes_once_and_counts_no_failure(
    logged_in, member, mailoutbox, at_once
):
    data = {
        "current_password": "Lama1234",
        "new_password1": "BPjs234",
        "new_password2": "BPjs234",
    }
    first, second, shown = tap_twice(logged_in, CHANGE_PASSWORD, data, at_once)
    assert kinds("password_changed") == 1 and len(mailoutbox) == 1
    assert kinds("login_failed") == 0
    assert redirects_to(HOME, first)
    if at_once:
        assert redirects_to(HOME, second)
        assert shown.get(HOME).status_code == 200  # this browser stays logged in
    else:  # the first renewed the session key: the second finds no login, no error
        assert second.status_code == 302 and second.url.startswith("/login/")
