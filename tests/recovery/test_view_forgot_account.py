"""The Lupa Akun pages: "Cari Akun", the found account and "Kirim Kode"."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Journey, Participant, SecurityEvent
from tests.conftest import read_code
from tests.journey import (
    HOME,
    LOGIN,
    SUCCESS,
    VERIFY,
    enter_code,
    log_in,
    normalised,
    set_new_password,
)

FORGOT_ACCOUNT = reverse("accounts:forgot_account")
FOUND = reverse("accounts:account_found")
RECOVERY = "/pemulihan-akun/"  # support:account_recovery once that app is merged


@pytest.fixture
def holder(participant, member_factory):
    return member_factory(
        email="rina@example.com", nik=participant.nik, kpj_number=participant.kpj_number
    )


def find(client, nik="3275011708900001", kpj="21000000001", born="17/08/1990"):
    data = {"kpj_number": kpj, "nik": nik, "date_of_birth": born}
    return client.post(FORGOT_ACCOUNT, data)


def test_page_asks_kpj_nik_and_date_of_birth_with_cari_akun(client, db):
    page = client.get(FORGOT_ACCOUNT).text
    assert page.index('name="kpj_number"') < page.index('name="nik"')
    assert page.index('name="nik"') < page.index('name="date_of_birth"')
    assert ">Cari Akun</button>" in page and "<h1>Lupa Akun</h1>" in page


def test_page_links_to_account_recovery(client, db):
    page = client.get(FORGOT_ACCOUNT).text
    assert f'href="{RECOVERY}">Email saya sudah tidak aktif</a>' in page


def test_login_page_links_to_lupa_akun_beside_lupa_kata_sandi(client, db):
    page = client.get(LOGIN).text
    forgot = page[page.index('<p class="forgot">') :].split("</p>")[0]
    assert f'href="{FORGOT_ACCOUNT}">Lupa Akun</a>' in forgot
    assert "Lupa Kata Sandi" in forgot


def test_help_page_links_to_lupa_akun_and_account_recovery(client, db):
    page = client.get(reverse("accounts:help")).text
    assert f'href="{FORGOT_ACCOUNT}">Lupa Akun</a>' in page
    assert f'href="{RECOVERY}">Email saya sudah tidak aktif</a>' in page


def test_code_page_links_to_account_recovery(client, member):
    client.post(reverse("accounts:forgot_password"), {"email": member.email})
    page = client.get(VERIFY).text
    assert f'href="{RECOVERY}">Email saya sudah tidak aktif</a>' in page


def test_a_match_shows_the_masked_email_and_kirim_kode(client, holder):
    assert find(client).url == FOUND
    page = client.get(FOUND).text
    assert "<strong>r***@example.com</strong>" in page
    assert "rina@example.com" not in page
    assert ">Kirim Kode</button>" in page


def test_the_found_account_is_not_in_the_url(client, holder):
    response = find(client)
    assert response.url == FOUND and str(holder.pk) not in response.url


def refused(client, **typed):
    """Cari Akun refused: back to the page itself (Post/Redirect/Get), followed."""
    response = client.post(
        FORGOT_ACCOUNT,
        {
            "kpj_number": typed.get("kpj", "21000000001"),
            "nik": typed.get("nik", "3275011708900001"),
            "date_of_birth": typed.get("born", "17/08/1990"),
        },
        follow=True,
    )
    assert response.redirect_chain == [(FORGOT_ACCOUNT, 302)]
    return response


def test_a_mismatch_says_so_without_saying_which_field(client, holder):
    page = refused(client, born="18/08/1990").text
    assert "Kami tidak menemukan akun dengan data ini." in page
    assert 'value="21000000001"' in page  # the typed data stays for a correction


def test_invalid_nik_is_refused_without_a_lookup(client, holder):
    page = refused(client, nik="12345").text
    assert "NIK harus terdiri dari 16 digit angka." in page
    assert not SecurityEvent.objects.exists()


def test_invalid_date_is_refused_with_a_message(client, db):
    page = refused(client, born="31/02/1990").text
    assert "errorlist" in page


TYPED = {"nik": "3275011708900001", "kpj": "21000000001", "born": "17/08/1990"}


def seen(client):
    """What the browser sees of a refused Cari Akun: the answer and the page."""
    first = find(client, **TYPED)
    return [
        normalised(first, "-"),
        normalised(client.get(first.url), "-"),
        normalised(client.get(FOUND), "-"),
    ]


def test_mismatch_no_account_and_no_participant_look_identical(member_factory):
    participant = Participant.objects.create(
        nik=TYPED["nik"],
        kpj_number=TYPED["kpj"],
        full_name="Rina Wulandari",
        date_of_birth=date(1990, 8, 18),  # one day off what is typed
    )
    holder = member_factory(nik=participant.nik)
    mismatch = seen(Client())
    holder.delete()
    participant.date_of_birth = date(1990, 8, 17)
    participant.save()
    no_account = seen(Client())
    participant.delete()
    no_participant = seen(Client())
    assert mismatch == no_account == no_participant
    assert mismatch[0][:2] == (302, FORGOT_ACCOUNT)


def test_the_sixth_try_with_one_nik_is_refused_with_a_wait(client, holder, settings):
    settings.JMO_FIND_ACCOUNT_PER_NIK_PER_HOUR = 0
    page = refused(client).text
    assert "Terlalu banyak percobaan dengan NIK ini." in page


def test_a_throttled_address_gets_a_friendly_429(client, holder, settings):
    settings.JMO_IP_FIND_ACCOUNT_PER_HOUR = 0
    response = find(client)
    assert response.status_code == 429 and "Retry-After" in response


def test_a_double_tap_on_cari_akun_lands_on_the_found_page_twice(client, holder):
    assert find(client).url == FOUND
    assert find(client).url == FOUND
    assert SecurityEvent.objects.filter(kind="account_lookup_ok").count() == 1


def test_a_new_search_that_fails_forgets_the_account_found_before(client, holder):
    find(client)
    refused(client, born="18/08/1990")
    assert client.get(FOUND).url == FORGOT_ACCOUNT


def test_the_found_page_without_a_match_goes_back_to_lupa_akun(client, db):
    response = client.get(FOUND, follow=True)
    assert response.redirect_chain == [(FORGOT_ACCOUNT, 302)]
    assert "Waktu pencarian" not in response.text


def test_the_found_page_after_ten_minutes_asks_to_search_again(client, holder, clock):
    find(client)
    clock.shift(601)
    response = client.get(FOUND, follow=True)
    assert response.redirect_chain == [(FORGOT_ACCOUNT, 302)]
    assert "Waktu pencarian sudah habis. Cari akun Anda lagi." in response.text


def test_kirim_kode_sends_a_reset_code_and_opens_the_code_page(
    client, holder, mailoutbox
):
    find(client)
    response = client.post(FOUND)
    assert response.url == VERIFY
    assert mailoutbox[-1].to == ["rina@example.com"]
    assert "<strong>r***@example.com</strong>" in client.get(VERIFY).text


def test_a_double_tap_on_kirim_kode_sends_one_code(client, holder, mailoutbox):
    find(client)
    assert client.post(FOUND).url == VERIFY
    assert client.post(FOUND).url == VERIFY
    assert len(mailoutbox) == 1 and Journey.objects.count() == 1


def test_kirim_kode_without_a_match_sends_nothing(client, db, mailoutbox):
    response = client.post(FOUND, follow=True)
    assert response.redirect_chain[-1] == (FORGOT_ACCOUNT, 302)
    assert mailoutbox == [] and not Journey.objects.exists()


def test_kirim_kode_draws_from_the_code_request_budget(client, holder, settings):
    find(client)
    settings.JMO_IP_RESET_REQUESTS_PER_HOUR = 0
    assert client.post(FOUND).status_code == 429


def unverified(holder):
    holder.email_verified_at = None
    holder.save(update_fields=["email_verified_at"])


def test_a_never_verified_address_offers_recovery_instead_of_a_code(client, holder):
    unverified(holder)
    find(client)
    page = client.get(FOUND).text
    assert "Kode tidak dapat dikirim ke alamat ini" in page
    assert "Kirim Kode" not in page
    assert f'href="{RECOVERY}">Email saya sudah tidak aktif</a>' in page
    assert 'href="tel:175"' in page


def test_an_account_without_current_data_offers_help_instead_of_a_code(client, holder):
    holder.data_updated_at = None
    holder.save(update_fields=["data_updated_at"])
    find(client)
    page = client.get(FOUND).text
    assert "pengkinian data" in page and "Kirim Kode" not in page


def test_kirim_kode_posted_for_a_never_verified_address_sends_nothing(
    client, holder, mailoutbox
):
    unverified(holder)
    find(client)
    assert client.post(FOUND).url == FOUND
    assert mailoutbox == [] and not Journey.objects.exists()


def test_lupa_akun_then_code_then_new_password_then_login(client, holder, mailoutbox):
    assert find(client).url == FOUND
    assert client.post(FOUND).url == VERIFY
    assert enter_code(client, read_code(mailoutbox)).url == reverse(
        "accounts:set_password"
    )
    assert set_new_password(client, "BPjs234").url == SUCCESS
    assert log_in(client, "rina@example.com", "BPjs234").url == HOME
    assert holder.full_name in client.get(HOME).text
