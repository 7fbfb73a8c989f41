"""The "Daftar" page and the "Verifikasi Email" that follows it."""

import re

import pytest
from django.test import Client

from accounts.models import Member, SecurityEvent
from tests.conftest import read_code
from tests.journey import (
    HOME,
    LOGIN,
    REGISTER,
    RESEND_EMAIL_CODE,
    UPDATE_DATA,
    VERIFY_EMAIL,
    enter_email_code,
    normalised,
    register,
)

MISMATCH = "Kami tidak dapat mendaftarkan akun dengan data ini."


def refused(browser, response, page):
    """A refused POST answers with a redirect to its page, whose GET shows why."""
    assert response.status_code == 302 and response.url == page
    return browser.get(page)


def test_page_asks_for_the_participant_data_email_and_password_twice(client, db):
    page = client.get(REGISTER).text
    for label in ("NIK", "Nomor KPJ", "Tanggal lahir", "Email", "Kata Sandi"):
        assert f">{label}</label>" in page
    assert page.count('autocomplete="new-password"') == 2
    assert ">Daftar</button>" in page


def test_login_page_links_to_registration(client, db):
    assert f'href="{REGISTER}"' in client.get("/login/").text


def test_registration_leads_to_email_verification(client, participant, mailoutbox):
    response = register(client, participant, "rina@example.com")
    assert response.status_code == 302 and response.url == VERIFY_EMAIL
    page = client.get(VERIFY_EMAIL).text
    assert "<h1>Verifikasi Email</h1>" in page
    assert "r***@example.com" in page and "rina@example.com" not in page


def test_the_right_code_logs_the_member_in_and_asks_for_pengkinian_data(
    client, participant, mailoutbox
):
    register(client, participant, "rina@example.com")
    response = enter_email_code(client, read_code(mailoutbox))
    assert response.url == UPDATE_DATA
    page = client.get(UPDATE_DATA).text
    assert "Alamat email Anda telah terverifikasi." in page
    assert Member.objects.get(email="rina@example.com").email_verified_at


def test_a_wrong_code_keeps_the_account_unverified(client, participant, mailoutbox):
    register(client, participant, "rina@example.com")
    code = read_code(mailoutbox)
    response = enter_email_code(client, f"{(int(code) + 1) % 10**6:06d}")
    page = refused(client, response, VERIFY_EMAIL)
    assert "Kode salah atau sudah tidak berlaku." in page.text
    assert client.get(HOME).status_code == 302  # not logged in
    assert not Member.objects.get(email="rina@example.com").email_verified_at


def test_after_five_wrong_codes_the_page_asks_for_a_new_one(
    client, participant, mailoutbox
):
    register(client, participant, "rina@example.com")
    code = read_code(mailoutbox)
    for _ in range(5):
        enter_email_code(client, "000000" if code != "000000" else "111111")
    response = enter_email_code(client, code)
    page = refused(client, response, VERIFY_EMAIL)
    assert "Terlalu banyak kode salah. Silakan minta kode baru." in page.text
    assert not Member.objects.get(email="rina@example.com").email_verified_at
    spent = SecurityEvent.objects.filter(
        kind="code_rejected", detail="email_verification session_spent"
    )
    assert spent.count() == 1  # refused unread, but recorded


def test_resend_waits_for_the_cool_down_then_mails_a_new_code(
    client, participant, mailoutbox, clock
):
    register(client, participant, "rina@example.com")
    response = client.post(RESEND_EMAIL_CODE, follow=True)
    assert "Tunggu 60 detik" in response.text and len(mailoutbox) == 1
    clock.shift(61)
    response = client.post(RESEND_EMAIL_CODE, follow=True)
    assert len(mailoutbox) == 2
    assert enter_email_code(client, read_code(mailoutbox)).url == UPDATE_DATA


@pytest.mark.parametrize(
    "change",
    [
        {"nik": "3275011708900009"},
        {"kpj_number": "21000000009"},
        {"date_of_birth": "1990-08-18"},
    ],
)
def test_a_wrong_field_gets_the_generic_message(client, participant, change):
    response = register(client, participant, "rina@example.com", **change)
    assert MISMATCH in refused(client, response, REGISTER).text
    assert not Member.objects.exists()


def errors_of(response) -> list[str]:
    return re.findall(r'<div class="form-errors".*?</div>', response.text, re.S)


def refused_registration(participant, email, **changes):
    browser = Client()
    response = register(browser, participant, email, **changes)
    return refused(browser, response, REGISTER)


def test_the_same_message_whichever_field_was_wrong_or_if_registered(
    participant, mailoutbox
):
    wrong_field = [
        errors_of(refused_registration(participant, "rina@example.com", **change))
        for change in (
            {"nik": "3275011708900009"},
            {"kpj_number": "21000000009"},
            {"date_of_birth": "1990-08-18"},
        )
    ]
    register(Client(), participant, "pertama@example.com")
    already = errors_of(refused_registration(participant, "rina@example.com"))
    assert len(already) == 1 and MISMATCH in already[0]
    assert wrong_field == [already] * 3


def test_an_address_in_use_looks_exactly_like_a_fresh_one(
    participant, member_factory, mailoutbox, monkeypatch
):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    member_factory(email="dipakai@example.com")
    walks = {}
    for email in ("dipakai@example.com", "segar@example.com"):
        browser = Client()
        steps = [register(browser, participant, email), browser.get(VERIFY_EMAIL)]
        for _ in range(6):
            steps += [enter_email_code(browser, "000000"), browser.get(VERIFY_EMAIL)]
        steps.append(browser.post(RESEND_EMAIL_CODE, follow=True))
        walks[email] = [normalised(step, email) for step in steps]
        Member.objects.filter(nik=participant.nik).delete()
    assert walks["dipakai@example.com"] == walks["segar@example.com"]


def test_the_owner_of_an_address_in_use_is_told_by_email(
    client, participant, member, mailoutbox
):
    register(client, participant, member.email)
    assert [message.to for message in mailoutbox] == [[member.email]]
    assert "Seseorang baru saja mencoba" in mailoutbox[0].body
    assert Member.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nik", "32750117089000AB", "NIK harus terdiri dari 16 digit angka."),
        ("nik", "٣٢٧٥٠١١٧٠٨٩٠٠٠٠١", "NIK harus terdiri dari 16 digit angka."),
        ("kpj_number", "12", "Nomor KPJ terdiri dari 8 sampai 15 digit."),
        ("date_of_birth", "31/02/1990", "Masukkan tanggal lahir yang valid."),
        ("new_password1", "pakai001", '<li data-rule="upper" class="rule-broken">'),
        ("email", "bukan-email", "alamat email yang valid"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_rest(
    client, participant, field, value, message
):
    data = {"email": "rina@example.com", field: value}
    page = refused(client, register(client, participant, **data), REGISTER).text
    assert message in page
    assert f'value="{data["email"]}"' in page
    assert not Member.objects.exists()


def test_nik_with_spaces_and_dates_in_indonesian_order_are_accepted(
    client, participant, mailoutbox
):
    spaced = " ".join(participant.nik[i : i + 4] for i in range(0, 16, 4))
    response = register(
        client, participant, "rina@example.com", nik=spaced, date_of_birth="17/08/1990"
    )
    assert response.url == VERIFY_EMAIL


def test_date_of_birth_is_typed_day_first_whatever_the_browser(client, db):
    page = client.get(REGISTER).text
    field = re.search(r'<input[^>]*name="date_of_birth"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="numeric"' in field
    assert 'placeholder="dd/mm/yyyy"' in field and 'autocomplete="bday"' in field


@pytest.mark.parametrize("typed", ["17-08-1990", "17.08.1990", "1990-08-17"])
def test_dates_with_dashes_dots_or_in_iso_order_are_accepted(
    client, participant, mailoutbox, typed
):
    response = register(client, participant, "rina@example.com", date_of_birth=typed)
    assert response.url == VERIFY_EMAIL


def test_a_refused_date_comes_back_as_typed(client, participant):
    typed = "18/08/1990"  # one day off
    response = register(client, participant, "rina@example.com", date_of_birth=typed)
    assert 'value="18/08/1990"' in refused(client, response, REGISTER).text


def test_a_broken_password_rule_is_marked_on_the_checklist_not_listed_again(
    client, participant
):
    response = register(client, participant, "rina@example.com", password="pakai001")
    page = refused(client, response, REGISTER).text
    assert '<li data-rule="upper" class="rule-broken">' in page
    assert "Kata sandi belum memenuhi aturan yang ditandai ✗ di bawah." in page
    assert "Kata sandi harus mengandung minimal satu huruf besar." not in page


def test_the_sixth_try_on_one_nik_gets_the_throttle_message(client, participant):
    for _ in range(5):
        register(Client(), participant, "x@example.com", kpj_number="21000000009")
    response = register(client, participant, "rina@example.com")
    page = refused(client, response, REGISTER)
    assert "Terlalu banyak percobaan pendaftaran dengan NIK ini." in page.text
    assert not Member.objects.exists()


def test_registrations_past_the_ip_limit_get_429(client, participant, settings):
    settings.JMO_IP_REGISTRATIONS_PER_HOUR = 2
    for _ in range(2):
        register(client, participant, "x@example.com", kpj_number="21000000009")
    response = register(client, participant, "rina@example.com")
    assert response.status_code == 429
    assert not Member.objects.exists()


def test_a_logged_in_member_is_sent_home(client, member):
    client.force_login(member)
    assert client.get(REGISTER).url == HOME


def test_verify_email_without_a_journey_goes_to_login(client, db, mailoutbox):
    assert client.get(VERIFY_EMAIL).url == LOGIN
    response = client.post(RESEND_EMAIL_CODE, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    assert mailoutbox == []


def test_every_attempt_is_recorded(client, participant, mailoutbox):
    register(client, participant, "rina@example.com", kpj_number="21000000009")
    register(client, participant, "rina@example.com")
    kinds = list(SecurityEvent.objects.values_list("kind", flat=True))
    assert sorted(kinds) == [
        "code_requested",
        "code_sent",
        "registered",
        "registration_refused",
        "registration_requested",
    ]
