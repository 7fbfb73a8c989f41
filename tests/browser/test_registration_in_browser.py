"""
A worker from an imported participant file, in a real browser: "Daftar", "Verifikasi
Email", pengkinian data, log out, then the whole "Lupa Kata Sandi" journey.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Participant

from ..conftest import read_code
from .pages import SIZES, Walk, press

TEXT = {
    "id": {
        "register": "Daftar",
        "mismatch": "Kami tidak dapat mendaftarkan akun dengan data ini.",
        "verify": "Verifikasi",
        "verified": "Alamat email Anda telah terverifikasi.",
        "save": "Simpan",
        "updated": "Terima kasih, data Anda sudah diperbarui.",
        "logout": "Keluar",
        "forgot": "Lupa Kata Sandi",
        "reset": "Reset Kata Sandi",
        "hello": "Halo",
    },
    "en": {
        "register": "Register",
        "mismatch": "We cannot register an account with this data.",
        "verify": "Verify",
        "verified": "Your email address has been verified.",
        "save": "Save",
        "updated": "Thank you, your data is up to date.",
        "logout": "Log out",
        "forgot": "Forgot password",
        "reset": "Reset password",
        "hello": "Hello",
    },
}


def fill_registration(page, participant, date_of_birth):
    page.locator("#id_nik").fill(participant.nik)
    page.locator("#id_kpj_number").fill(participant.kpj_number)
    page.locator("#id_date_of_birth").fill(date_of_birth)
    page.locator("#id_email").fill("dewi@example.com")
    page.locator("#id_new_password1").fill("Pakai001")
    page.locator("#id_new_password2").fill("Pakai001")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "size"), [("id", "phone"), ("en", "desktop")])
def test_worker_registers_updates_data_and_resets_the_password(
    browser, live_server, mailoutbox, language, size, tmp_path
):
    registry = tmp_path / "peserta.csv"
    registry.write_text(
        "nik,kpj,full_name,date_of_birth\n"
        "3275015708900003,21000000003,Dewi Lestari,1990-08-17\n"
    )
    report = StringIO()
    call_command("importparticipants", str(registry), stdout=report)
    assert report.getvalue().startswith("Added 1,")
    participant = Participant.objects.get(nik="3275015708900003")
    text = TEXT[language]
    context = browser.new_context(viewport=SIZES[size], locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    walk = Walk(page, f"register-{language}-{size}")

    page.goto(live_server.url + "/login/")
    if language == "en":
        press(page, "English")
    with page.expect_navigation():
        page.get_by_role("link", name=text["register"], exact=True).click()
    walk.check("register")

    fill_registration(page, participant, "1990-08-18")  # one day off
    press(page, text["register"])
    assert text["mismatch"] in page.content()
    assert page.locator("#id_nik").input_value() == participant.nik  # nothing lost
    walk.check("register-mismatch")

    fill_registration(page, participant, "1990-08-17")
    press(page, text["register"])
    assert "d***@example.com" in page.content()
    walk.check("verify-email")

    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, text["verify"])
    assert text["verified"] in page.content()
    walk.check("pengkinian-data")

    page.locator("#id_phone").fill("0812 3456 7890")
    page.locator("#id_address").fill("Jl. Gatot Subroto No. 79, Jakarta")
    page.locator("#id_confirm").check()
    press(page, text["save"])
    assert text["updated"] in page.content()
    assert page.locator("h1").inner_text() == f"{text['hello']}, Dewi Lestari"
    assert page.locator(".notice").count() == 0  # no reminders left
    walk.check("home")
    for path in ["/account/password/", "/account/email/", "/account/devices/"]:
        page.goto(live_server.url + path)  # the other self-service pages, checked too
        walk.check(path.strip("/").replace("/", "-"))
    page.goto(live_server.url + "/")
    press(page, text["logout"])

    with page.expect_navigation():
        page.get_by_role("link", name=text["forgot"], exact=True).click()
    page.get_by_label("Email").fill("dewi@example.com")
    press(page, text["reset"])
    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, text["verify"])
    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    press(page, text["reset"])
    assert page.locator("h1").inner_text() == "Success"

    with page.expect_navigation():
        page.get_by_role("link", name="Login", exact=True).click()
    page.get_by_label("Email").fill("dewi@example.com")
    page.locator("#id_password").fill("BPjs234")
    press(page, "Login")
    assert page.locator("h1").inner_text() == f"{text['hello']}, Dewi Lestari"
    context.close()
