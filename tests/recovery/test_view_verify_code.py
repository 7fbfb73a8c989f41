import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import Journey, VerificationCode
from tests.conftest import read_code
from tests.journey import FORGOT, SET_PASSWORD, VERIFY, enter_code, request_code

WRONG_CODE_MESSAGE = "Kode salah atau sudah tidak berlaku."


def other_than(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def refused_code(client, code):
    """Enter a code that is refused: the POST comes back to the code page; follow it."""
    response = client.post(VERIFY, {"code": code}, follow=True)
    assert response.redirect_chain == [(VERIFY, 302)]
    assert response.status_code == 200
    return response


def test_without_a_reset_under_way_goes_back_to_the_start(client, db):
    assert client.get(VERIFY).url == FORGOT


def test_page_has_code_field_for_phones_and_verify_button(client, member):
    request_code(client, member.email)
    page = client.get(VERIFY).text
    assert 'inputmode="numeric"' in page and 'autocomplete="one-time-code"' in page
    assert ">Verifikasi</button>" in page
    assert "Kirim ulang kode" in page


def test_right_code_goes_to_the_new_password_page(client, member, mailoutbox):
    request_code(client, member.email)
    response = enter_code(client, read_code(mailoutbox))
    assert response.status_code == 302 and response.url == SET_PASSWORD


def test_code_typed_with_spaces_is_accepted(client, member, mailoutbox):
    request_code(client, member.email)
    code = read_code(mailoutbox)
    response = enter_code(client, f"{code[:3]} {code[3:]}")
    assert response.url == SET_PASSWORD


def test_wrong_code_shows_the_message(client, member, mailoutbox):
    request_code(client, member.email)
    response = refused_code(client, other_than(read_code(mailoutbox)))
    assert WRONG_CODE_MESSAGE in response.text


def test_malformed_code_shows_the_format_message(client, member):
    request_code(client, member.email)
    for typed in ["12345", "abcdef", "1234567", "١٢٣٤٥٦"]:
        response = refused_code(client, typed)
        assert "Masukkan 6 digit kode dari email." in response.text


def test_right_code_after_five_wrong_ones_is_refused(client, member, mailoutbox):
    request_code(client, member.email)
    code = read_code(mailoutbox)
    for _ in range(5):
        enter_code(client, other_than(code))
    response = refused_code(client, code)
    assert "Terlalu banyak kode salah" in response.text
    assert Journey.objects.get().status == Journey.Status.OPEN
    assert not VerificationCode.objects.filter(verified_at__isnull=False).exists()


def test_right_code_on_the_fifth_try_is_accepted(client, member, mailoutbox):
    request_code(client, member.email)
    code = read_code(mailoutbox)
    for _ in range(4):
        enter_code(client, other_than(code))
    assert enter_code(client, code).url == SET_PASSWORD


def test_expired_code_is_refused(client, member, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client, member.email)
        clock.shift(timedelta(seconds=601))
        response = refused_code(client, read_code(mailoutbox))
    assert WRONG_CODE_MESSAGE in response.text


def test_code_of_a_finished_reset_cannot_be_replayed(client, member, mailoutbox):
    request_code(client, member.email)
    code = read_code(mailoutbox)
    enter_code(client, code)
    client.post(SET_PASSWORD, {"new_password1": "BPjs234", "new_password2": "BPjs234"})
    # The reset made this browser a known device: its codes have their own
    # cool-down, so a new code comes (the code, the notice, the new code).
    request_code(client, member.email)
    assert len(mailoutbox) == 3
    response = refused_code(client, code)
    assert WRONG_CODE_MESSAGE in response.text


def test_throttled_ip_gets_a_friendly_429(client, member, settings):
    request_code(client, member.email)
    settings.JMO_IP_CODE_ATTEMPTS_PER_HOUR = 0
    assert enter_code(client, "123456").status_code == 429


def page_after_wrong_codes(client, email, wrong):
    request_code(client, email)
    for _ in range(wrong):
        enter_code(client, "000000")
    return client.get(VERIFY).text


def test_page_says_the_code_is_on_its_way_if_the_address_is_registered(client, db):
    page = page_after_wrong_codes(client, "siapa@example.com", 0)
    assert "Jika <strong>s***@example.com</strong> terdaftar di JMO" in page
    assert "Hanya kode terbaru yang berlaku" in page


def test_no_tries_are_counted_out_before_the_third_wrong_code(client, member):
    assert "percobaan" not in page_after_wrong_codes(client, member.email, 2)


def test_third_wrong_code_says_two_tries_are_left(client, member):
    assert "Tersisa 2 percobaan." in page_after_wrong_codes(client, member.email, 3)


def test_fourth_wrong_code_says_one_try_is_left(client, member):
    assert "Tersisa 1 percobaan." in page_after_wrong_codes(client, member.email, 4)


def test_spent_tries_take_the_code_field_away(client, member):
    page = page_after_wrong_codes(client, member.email, 5)
    assert 'name="code"' not in page and ">Verifikasi</button>" not in page
    assert "Terlalu banyak kode salah. Silakan minta kode baru." in page


def test_spent_tries_make_resend_the_main_button_with_its_countdown(
    client, member, clock
):
    page = page_after_wrong_codes(client, member.email, 5)
    button = re.search(r"<button[^>]*data-wait-seconds[^>]*>", page).group(0)
    assert 'class="button button-primary"' in button
    assert 'data-wait-seconds="60"' in button and "disabled" in button
    assert "tersedia dalam <span data-seconds>60</span> detik" in page


def test_an_unknown_address_runs_out_of_tries_alike(client, member):
    unknown = page_after_wrong_codes(Client(), "nobody@example.com", 4)
    assert "Tersisa 1 percobaan." in unknown
    assert "Tersisa 1 percobaan." in page_after_wrong_codes(client, member.email, 4)
