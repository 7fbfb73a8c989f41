"""
Lupa Akun in a real browser on a small phone, in Indonesian: the link on the login
page, "Cari Akun" (a mismatch, then the match), "Kirim Kode", the code from the
email, a new password, and the login with it.
"""

import pytest

from ..conftest import read_code
from .pages import Walk, press

PHONE = {"width": 360, "height": 740}
TAP_TARGET = 48  # px, the smallest tap target the pages allow


def tap_height(locator) -> float:
    return locator.bounding_box()["height"]


@pytest.mark.django_db(transaction=True)
def test_member_finds_the_account_and_sets_a_new_password(
    browser, live_server, member_factory, participant, mailoutbox
):
    member_factory(
        email="rina.wulandari@gmail.com",
        full_name="Rina Wulandari",
        nik=participant.nik,
        kpj_number=participant.kpj_number,
    )
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    walk = Walk(page, "find-account-id-360")

    page.goto(live_server.url + "/login/")
    link = page.get_by_role("link", name="Lupa Akun", exact=True)
    assert tap_height(link) >= TAP_TARGET
    assert tap_height(page.locator("a.link-danger")) >= TAP_TARGET
    walk.check("login")

    with page.expect_navigation():
        link.click()
    walk.check("find-account")

    page.get_by_label("Nomor KPJ").fill(participant.kpj_number)
    page.get_by_label("NIK").fill(participant.nik)
    page.get_by_label("Tanggal lahir").fill("18/08/1990")  # one day off
    press(page, "Cari Akun")
    assert "Kami tidak menemukan akun dengan data ini." in page.content()
    walk.check("not-found")

    page.get_by_label("Tanggal lahir").fill("17/08/1990")
    press(page, "Cari Akun")
    assert page.locator("h1").inner_text() == "Akun ditemukan"
    assert "r***@gmail.com" in page.content()
    assert "rina.wulandari" not in page.content()
    recovery = page.get_by_role("link", name="Email saya sudah tidak aktif")
    assert tap_height(recovery) >= TAP_TARGET
    walk.check("account-found")

    press(page, "Kirim Kode")
    assert mailoutbox[-1].to == ["rina.wulandari@gmail.com"]
    assert "r***@gmail.com" in page.content()
    walk.check("code")

    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, "Verifikasi")
    walk.check("new-password")

    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    press(page, "Reset Kata Sandi")
    assert page.locator("h1").inner_text() == "Success"
    walk.check("success")

    with page.expect_navigation():
        page.get_by_role("link", name="Login", exact=True).click()
    page.get_by_label("Email").fill("rina.wulandari@gmail.com")
    page.locator("#id_password").fill("BPjs234")
    press(page, "Login")
    assert page.locator("h1").inner_text() == "Halo, Rina Wulandari"
    walk.check("home")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_never_verified_address_offers_account_recovery_in_a_browser(
    browser, live_server, member_factory, participant
):
    member_factory(
        email="rina.wulandari@gmail.com",
        nik=participant.nik,
        kpj_number=participant.kpj_number,
        eligible=False,
    )
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    walk = Walk(page, "find-account-unverified-id-360")
    page.goto(live_server.url + "/forgot-account/")
    page.get_by_label("Nomor KPJ").fill(participant.kpj_number)
    page.get_by_label("NIK").fill(participant.nik)
    page.get_by_label("Tanggal lahir").fill("17/08/1990")
    press(page, "Cari Akun")
    assert page.get_by_role("button", name="Kirim Kode").count() == 0
    recovery = page.get_by_role("link", name="Email saya sudah tidak aktif")
    assert recovery.get_attribute("href") == "/pemulihan-akun/"
    assert tap_height(recovery) >= TAP_TARGET
    walk.check("account-found-unverified")
    page.goto(live_server.url + "/help/")
    assert page.get_by_role("link", name="Lupa Akun").count() == 1
    walk.check("help")
    context.close()
