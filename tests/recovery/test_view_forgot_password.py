from tests.journey import FORGOT, VERIFY, request_code


def test_page_has_email_field_and_reset_button(client, db):
    page = client.get(FORGOT).text
    assert 'name="email"' in page and 'autocomplete="email"' in page
    assert ">Reset Kata Sandi</button>" in page


def test_valid_email_goes_to_the_code_page(client, member):
    response = request_code(client, member.email)
    assert response.status_code == 302 and response.url == VERIFY


def refused(client, data):
    """Post the form, check it comes back to itself (Post/Redirect/Get), and follow."""
    response = client.post(FORGOT, data, follow=True)
    assert response.redirect_chain == [(FORGOT, 302)]
    assert response.status_code == 200
    return response


def test_invalid_email_shows_an_indonesian_message(client, db, mailoutbox):
    response = refused(client, {"email": "bukan-email"})
    assert "Masukkan alamat email yang valid." in response.text
    assert mailoutbox == []


def test_empty_form_shows_a_message(client, db):
    response = refused(client, {})
    assert "Bidang ini tidak boleh kosong." in response.text


def test_overlong_email_is_refused_with_a_message(client, db):
    response = refused(client, {"email": "a" * 300 + "@example.com"})
    assert "errorlist" in response.text


def test_header_injection_in_email_is_refused(client, db, mailoutbox):
    response = refused(client, {"email": "siti@example.com\nBcc: victim@example.com"})
    assert "errorlist" in response.text
    assert mailoutbox == []


def test_throttled_ip_gets_a_friendly_429(client, db, settings):
    settings.JMO_IP_RESET_REQUESTS_PER_HOUR = 0
    response = request_code(client, "siti@example.com")
    assert response.status_code == 429
    assert "Retry-After" in response


def test_email_carried_from_the_login_page_fills_the_field(client, db):
    page = client.get(FORGOT + "?email=siti%40example.com").text
    assert 'value="siti@example.com"' in page


def test_carried_email_is_shown_escaped(client, db):
    page = client.get(FORGOT + '?email="><script>alert(1)</script>').text
    assert "<script>alert(1)" not in page
    assert 'value="&quot;&gt;&lt;script&gt;' in page
