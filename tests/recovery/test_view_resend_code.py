from datetime import timedelta

import time_machine
from django.utils import timezone, translation

from accounts.core.journeys import Outcome
from accounts.core.web import JOURNEY_MESSAGES
from accounts.models import VerificationCode
from tests.conftest import read_code
from tests.journey import FORGOT, RESEND, SET_PASSWORD, VERIFY, enter_code, request_code

# What "Kirim ulang kode" says for every address, whether a code goes out or not.
NEW_CODE_MESSAGE = (
    "Jika kode bisa dikirim ke alamat ini, kode baru sedang dalam perjalanan."
)


def replaced_code_message():
    """What the code page says of a replaced code, in the site's language."""
    with translation.override("id"):
        return str(JOURNEY_MESSAGES[Outcome.REPLACED_CODE])


def test_without_a_reset_under_way_goes_back_to_the_start(client, db):
    assert client.post(RESEND).url == FORGOT


def test_get_is_not_allowed(client, member):
    request_code(client, member.email)
    assert client.get(RESEND).status_code == 405


def test_resend_within_the_cooldown_says_how_long_to_wait(client, member, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client, member.email)
        clock.shift(timedelta(seconds=20))
        response = client.post(RESEND, follow=True)
    assert "Tunggu 40 detik sebelum meminta kode baru." in response.text
    assert len(mailoutbox) == 1


def test_resend_after_the_cooldown_mails_a_new_code(
    client, member, mailoutbox, monkeypatch
):
    codes = iter([111111, 222222])
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: next(codes))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client, member.email)
        old = read_code(mailoutbox)
        clock.shift(timedelta(seconds=61))
        response = client.post(RESEND, follow=True)
    assert NEW_CODE_MESSAGE in response.text
    assert len(mailoutbox) == 2
    new = read_code(mailoutbox)
    assert (old, new) == ("111111", "222222")
    refused = client.post(VERIFY, {"code": old}, follow=True)
    assert refused.redirect_chain == [(VERIFY, 302)]
    assert replaced_code_message() in refused.text
    assert enter_code(client, new).url == SET_PASSWORD


def test_resend_restores_the_attempts_of_the_session(client, member, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client, member.email)
        for _ in range(5):
            enter_code(client, "000000")
        clock.shift(timedelta(seconds=61))
        client.post(RESEND)
        assert enter_code(client, read_code(mailoutbox)).url == SET_PASSWORD


def test_no_sixth_code_in_an_hour_while_the_page_looks_the_same(
    client, member, mailoutbox
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client, member.email)
        for _ in range(5):
            clock.shift(timedelta(seconds=61))
            response = client.post(RESEND, follow=True)
            assert NEW_CODE_MESSAGE in response.text
    assert VerificationCode.objects.count() == 5  # the mailbox is told, not the page
    assert response.request["PATH_INFO"] == VERIFY
