"""The "Salah alamat email?" page, from Verifikasi Email after "Daftar"."""

import re

from django.test import Client
from django.urls import reverse

from accounts.models import Member, SecurityEvent
from tests.conftest import read_code
from tests.journey import (
    LOGIN,
    UPDATE_DATA,
    VERIFY_EMAIL,
    enter_email_code,
    log_in,
    normalised,
    register,
)

CORRECT_EMAIL = reverse("accounts:correct_email")
TYPO = "rina@gmial.com"
RIGHT = "rina@gmail.com"


def correct(client, email=RIGHT):
    return client.post(CORRECT_EMAIL, {"email": email})


def test_verify_email_after_daftar_links_to_the_correction(
    client, participant, mailoutbox
):
    register(client, participant, TYPO)
    page = client.get(VERIFY_EMAIL).text
    assert f'href="{CORRECT_EMAIL}"' in page and "Salah alamat email?" in page


def test_verify_email_when_logged_in_offers_no_correction(
    client, member_factory, mailoutbox
):
    pending = member_factory(eligible=False, password="Lama1234")
    log_in(client, pending.email, "Lama1234")
    client.post(reverse("accounts:start_email_verification"))
    assert CORRECT_EMAIL not in client.get(VERIFY_EMAIL).text


def test_the_page_shows_the_typed_address_masked_and_asks_only_for_the_address(
    client, participant, mailoutbox
):
    register(client, participant, TYPO)
    page = client.get(CORRECT_EMAIL).text
    assert "r***@gmial.com" in page and TYPO not in page
    form = page[page.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    assert re.findall(r'<input[^>]* name="([^"]+)"', form) == [
        "csrfmiddlewaretoken",
        "email",
    ]
    assert 'type="email"' in page and 'autocomplete="email"' in page


def test_a_correction_goes_on_to_verify_email_at_the_new_address(
    client, participant, mailoutbox
):
    register(client, participant, TYPO)
    response = correct(client)
    assert response.status_code == 302 and response.url == VERIFY_EMAIL
    page = client.get(VERIFY_EMAIL).text
    assert "r***@gmail.com" in page and "r***@gmial.com" not in page
    assert mailoutbox[-1].to == [RIGHT]


def test_the_code_from_the_corrected_address_finishes_the_registration(
    client, participant, mailoutbox
):
    register(client, participant, TYPO)
    correct(client)
    assert enter_email_code(client, read_code(mailoutbox)).url == UPDATE_DATA
    assert Member.objects.get(nik=participant.nik).email == RIGHT


def test_an_address_in_use_looks_exactly_like_a_free_one(
    participant, member_factory, mailoutbox, monkeypatch
):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    member_factory(email="dipakai@example.com")
    walks = {}
    for email in ("dipakai@example.com", "segar@example.com"):
        browser = Client()
        steps = [register(browser, participant, TYPO), browser.get(CORRECT_EMAIL)]
        steps += [correct(browser, email), browser.get(VERIFY_EMAIL)]
        steps += [enter_email_code(browser, "000000"), browser.get(VERIFY_EMAIL)]
        walks[email] = [normalised(step, email) for step in steps]
        Member.objects.filter(nik=participant.nik).delete()
    assert walks["dipakai@example.com"] == walks["segar@example.com"]


def test_the_owner_of_an_address_in_use_is_told(
    client, participant, member, mailoutbox
):
    register(client, participant, TYPO)
    correct(client, member.email)
    assert mailoutbox[-1].to == [member.email]
    assert "Seseorang baru saja mencoba" in mailoutbox[-1].body


def test_a_double_tap_changes_the_address_once(client, participant, mailoutbox):
    register(client, participant, TYPO)
    first, second = correct(client), correct(client)
    assert first.url == second.url == VERIFY_EMAIL
    assert SecurityEvent.objects.filter(kind="email_changed").count() == 1
    assert len(mailoutbox) == 2


def test_a_bad_address_is_explained_and_changes_nothing(
    client, participant, mailoutbox
):
    register(client, participant, TYPO)
    response = correct(client, "bukan-email")
    assert response.status_code == 302 and response.url == CORRECT_EMAIL
    assert "alamat email yang valid" in client.get(CORRECT_EMAIL).text
    assert Member.objects.get(nik=participant.nik).email == TYPO


def test_without_a_registration_the_page_leads_away(client, db, mailoutbox):
    response = client.get(CORRECT_EMAIL, follow=True)
    assert response.redirect_chain[-1][0] == LOGIN
    response = correct(client)
    assert response.url == VERIFY_EMAIL
    assert mailoutbox == []


def test_corrections_draw_from_the_code_requests_of_the_address(
    client, participant, settings, mailoutbox
):
    register(client, participant, TYPO)
    settings.JMO_IP_RESET_REQUESTS_PER_HOUR = 1
    correct(client)
    assert correct(client, "lagi@gmail.com").status_code == 429
