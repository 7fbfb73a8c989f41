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
