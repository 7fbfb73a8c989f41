"""
Hypothesis throws arbitrary input at every form of every page: empty, huge, any
Unicode (right-to-left, combining marks, NUL and control characters), header
injection, SQL-looking strings, missing, extra and repeated fields. No input may
produce a server error; a refused form says why in Indonesian.
"""

import itertools

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import read_code
from tests.factories import ParticipantFactory
from tests.journey import FORGOT, LOGIN, RESEND, SET_PASSWORD, VERIFY

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b@example.com",
        "siti@example.com\r\nBcc: x@example.com",
        "' OR 1=1 --",
        "\u202egnp.exe",  # right-to-left override
        "e\u0301\u0301\u0301",  # combining marks
        "\ud7ff\ufffd\U0010ffff",
        "A" * 5000,
        "siti@example.com",  # the member of the `member` fixture, to reach the logic
        " SITI@Example.com ",
        "nobody@example.com",
        "123456",
        "١٢٣٤٥٦",  # Arabic-Indic digits
        "Pakai001",
    ]
)
VALUE = st.one_of(NASTY, st.text(max_size=300))
CHANGE_PASSWORD = "/account/password/"
UPDATE_DATA = "/account/data/"
CHANGE_EMAIL = "/account/email/"
REGISTER = "/register/"
VERIFY_EMAIL = "/email/verify/"
CORRECT_EMAIL = "/register/email/"
FORGOT_ACCOUNT = "/forgot-account/"
ACCOUNT_FOUND = "/forgot-account/found/"
FIELDS = {
    LOGIN: ["email", "password", "next"],
    FORGOT: ["email"],
    VERIFY: ["code"],
    RESEND: [],
    SET_PASSWORD: ["new_password1", "new_password2", "username"],
    CHANGE_PASSWORD: ["current_password", "new_password1", "new_password2"],
    UPDATE_DATA: ["phone", "address", "confirm"],
    CHANGE_EMAIL: ["email", "current_password"],
    REGISTER: [
        "nik",
        "kpj_number",
        "date_of_birth",
        "email",
        "new_password1",
        "new_password2",
    ],
    VERIFY_EMAIL: ["code"],
    CORRECT_EMAIL: ["email"],
    FORGOT_ACCOUNT: ["kpj_number", "nik", "date_of_birth"],
    ACCOUNT_FOUND: [],
}
LOGGED_IN_PAGES = {CHANGE_PASSWORD, UPDATE_DATA, CHANGE_EMAIL, VERIFY_EMAIL}
# Each example comes from its own address, so the per-IP throttles never answer
# in place of the form.
ADDRESSES = (f"198.51.{n // 250}.{n % 250 + 1}" for n in itertools.count())
INDONESIAN_HINTS = [
    "tidak",
    "Masukkan",
    "Kata sandi",
    "Kode",
    "karakter",
    "Pastikan",
    "Akun Anda",
    "NIK",
    "Nomor KPJ",
    "email akun Anda",
    "Terlalu banyak",
]


def form_data(fields):
    """Each field missing, present once, or repeated; plus an unexpected field."""
    field_values = st.lists(VALUE, min_size=0, max_size=3)
    return st.fixed_dictionaries(
        {name: field_values for name in fields},
        optional={"unexpected": field_values},
    )


OWN_PASSWORD = {"current_password": "Lama1234"}


def journey_client(member, mailoutbox, path):
    client = Client(REMOTE_ADDR=next(ADDRESSES))
    if path in LOGGED_IN_PAGES:
        client.force_login(member)
        if path == VERIFY_EMAIL:
            client.post(CHANGE_EMAIL, {"email": "baru@example.com", **OWN_PASSWORD})
        return client
    if path == CORRECT_EMAIL:  # after "Daftar", on its way to Verifikasi Email
        participant = ParticipantFactory()
        client.post(
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
        return client
    client.post(FORGOT, {"email": member.email})
    verified = path == SET_PASSWORD
    if verified:
        client.post(VERIFY, {"code": read_code(mailoutbox)})
    return client


def assert_handled(response):
    assert response.status_code < 500
    if response.status_code == 200 and 'class="errorlist' in response.text:
        assert any(hint in response.text for hint in INDONESIAN_HINTS)


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("path", list(FIELDS))
@FUZZ
@given(data=st.data())
def test_no_input_to_any_form_causes_a_server_error(path, data, member, mailoutbox):
    client = journey_client(member, mailoutbox, path)
    posted = data.draw(form_data(FIELDS[path]))
    assert_handled(client.post(path, posted))


@FUZZ
@given(cookie=VALUE.filter(lambda value: "\x00" not in value and ";" not in value))
def test_bogus_session_cookie_is_ignored(cookie, db):
    client = Client()
    client.cookies["sessionid"] = cookie.encode("unicode_escape").decode()
    assert client.get("/").status_code == 302
    assert client.get(LOGIN).status_code == 200


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_wrong_methods_are_refused_politely(client, db, method):
    for path in [LOGIN, FORGOT, VERIFY, RESEND, SET_PASSWORD, "/"]:
        assert getattr(client, method)(path).status_code == 405


@pytest.mark.parametrize("token", [None, "", "x" * 64, "\x00"])
def test_missing_or_bad_csrf_token_gets_the_friendly_page(member, token):
    client = Client(enforce_csrf_checks=True)
    client.get(LOGIN)
    data = {"email": member.email, "password": "Lama1234"}
    if token is not None:
        data["csrfmiddlewaretoken"] = token
    response = client.post(LOGIN, data)
    assert response.status_code == 403
    assert "Halaman kedaluwarsa" in response.text
    assert "_auth_user_id" not in client.session
