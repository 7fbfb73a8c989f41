import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.journey import HOME, LOGIN, log_in


def refused_login(client, data):
    """Post a refused login: it comes back to the login page (PRG); follow it."""
    response = client.post(LOGIN, data, follow=True)
    assert response.redirect_chain == [(LOGIN, 302)]
    assert response.status_code == 200
    return response


def test_page_has_login_button_red_forgot_link_and_help(client):
    page = client.get(LOGIN).text
    assert '<a class="link-danger" href="/forgot-password/">Lupa Kata Sandi</a>' in page
    assert ">Login</button>" in page
    assert reverse("accounts:help") in page


def test_right_password_logs_in_and_goes_home(client, member):
    response = log_in(client, "Siti@Example.com", "Lama1234")
    assert response.status_code == 302 and response.url == HOME
    assert client.session["_auth_user_id"] == str(member.pk)


def test_login_rotates_the_session_key(client, member):
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    log_in(client, member.email, "Lama1234")
    assert client.session.session_key != before


def test_wrong_password_shows_message_and_keeps_the_email(client, member):
    response = refused_login(client, {"email": member.email, "password": "Salah123"})
    assert "Email atau kata sandi tidak sesuai." in response.text
    assert 'value="siti@example.com"' in response.text
    assert "_auth_user_id" not in client.session


def test_unknown_email_gets_the_wrong_password_message(client, db):
    response = refused_login(
        client, {"email": "nobody@example.com", "password": "Salah123"}
    )
    assert "Email atau kata sandi tidak sesuai." in response.text


def test_fifth_wrong_password_shows_the_lock_message(client, member):
    for _ in range(4):
        log_in(client, member.email, "Salah123")
    response = refused_login(client, {"email": member.email, "password": "Salah123"})
    assert "Akun Anda dikunci sementara" in response.text
    assert "Lupa Kata Sandi" in response.text


def test_local_next_is_followed(client, member):
    response = client.post(
        LOGIN + "?next=/help/", {"email": member.email, "password": "Lama1234"}
    )
    assert response.url == "/help/"


def test_offsite_next_is_ignored(client, member):
    data = {
        "email": member.email,
        "password": "Lama1234",
        "next": "https://evil.example/",
    }
    response = client.post(LOGIN, data)
    assert response.url == HOME


def test_logged_in_member_is_sent_home(client, member):
    client.force_login(member)
    assert client.get(LOGIN).url == HOME


def test_throttled_ip_gets_a_friendly_429(client, member, settings):
    settings.JMO_IP_LOGIN_ATTEMPTS_PER_HOUR = 0
    response = log_in(client, member.email, "Lama1234")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Terlalu banyak permintaan" in response.text
    assert "_auth_user_id" not in client.session


def test_missing_fields_show_messages_not_errors(client, db):
    response = refused_login(client, {})
    assert response.text.count("Bidang ini tidak boleh kosong.") == 2


def test_overlong_password_is_refused_by_the_form(client, member):
    refused_login(client, {"email": member.email, "password": "A1a" * 1000})
    assert "_auth_user_id" not in client.session


def errors_after(client, email, failures):
    """The error box of the login page after `failures` wrong passwords in a row."""
    for _ in range(failures - 1):
        log_in(client, email, "Salah123")
    page = refused_login(client, {"email": email, "password": "Salah123"}).text
    return re.findall(r'<div class="form-errors".*?</div>', page, re.S)


TWO_LEFT = "Tersisa 2 percobaan lagi sebelum akun dikunci 30 menit."
ONE_LEFT = "Tersisa 1 percobaan lagi sebelum akun dikunci 30 menit."


def test_second_wrong_password_gives_no_lock_warning(client, member):
    assert "Tersisa" not in errors_after(client, member.email, 2)[0]


def test_third_wrong_password_warns_that_two_tries_are_left(client, member):
    assert TWO_LEFT in errors_after(client, member.email, 3)[0]


def test_fourth_wrong_password_warns_that_one_try_is_left(client, member):
    assert ONE_LEFT in errors_after(client, member.email, 4)[0]


@pytest.mark.parametrize("failures", [3, 4])
def test_an_unknown_address_gets_the_same_warnings(member, failures):
    unknown = errors_after(Client(), "nobody@example.com", failures)
    assert unknown == errors_after(Client(), member.email, failures)


def test_a_browser_exempt_from_the_lock_gets_no_warning(client, member):
    log_in(client, member.email, "Lama1234")  # proves this browser: device cookie
    client.post(reverse("accounts:logout"))
    assert "Tersisa" not in errors_after(client, member.email, 4)[0]


def test_forgot_link_carries_the_email_of_a_refused_login(client, member):
    page = refused_login(client, {"email": member.email, "password": "Salah123"}).text
    assert 'href="/forgot-password/?email=siti%40example.com"' in page
