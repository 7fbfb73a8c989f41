"""
In a real browser on a small phone (360×740): every email's HTML part as a mail app
shows it, and "Salah alamat email?" after a "Daftar" with a mistyped address.
Screenshots go to test-output/screenshots/emails-<language>-360/ and
correct-email-<language>-360/.
"""

import pytest
from django.utils import translation

from accounts.core import emails
from accounts.models import Member

from ..conftest import read_code
from .pages import SCREENSHOTS, Walk, press, serious_violations

SMALL_PHONE = {"width": 360, "height": 740}
TARGET_PX = 48
TEXT = {
    "id": {
        "register": "Daftar",
        "wrong_address": "Salah alamat email?",
        "send_code": "Kirim Kode",
        "verify": "Verifikasi",
        "verified": "Alamat email Anda telah terverifikasi.",
    },
    "en": {
        "register": "Register",
        "wrong_address": "Wrong email address?",
        "send_code": "Send code",
        "verify": "Verify",
        "verified": "Your email address has been verified.",
    },
}


def every_email(member):
    emails.send_reset_code(member, "123456")
    emails.send_email_code(member, "email_verification", "123456", member.email)
    emails.send_email_code(member, "email_change", "123456", "baru@example.com")
    emails.send_not_eligible(member)
    emails.send_password_changed(member)
    emails.send_email_in_use(member)
    emails.send_email_changed(member, "lama@example.com")
    emails.send_operator_change(member, ["unlocked", "code_sent"], member.email)
    emails.send_code_limit(
        member, "password_reset", "code_hourly_cap", member.date_joined, member.email
    )


@pytest.mark.parametrize("language", TEXT)
def test_every_email_reads_well_on_a_small_phone(browser, member, mailoutbox, language):
    with translation.override(language):
        every_email(member)
    folder = SCREENSHOTS / f"emails-{language}-360"
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport=SMALL_PHONE)
    for number, message in enumerate(mailoutbox, start=1):
        page.set_content(message.alternatives[0].content)
        name = message.subject.replace(" ", "-").replace("/", "-")[:50]
        page.screenshot(path=folder / f"{number:02d}-{name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert serious_violations(page) == [], message.subject
        for box in [
            link.bounding_box() for link in page.locator("a[style*=inline-block]").all()
        ]:
            assert box["height"] >= TARGET_PX, message.subject
    page.close()


def fill_registration(page, participant, email):
    page.locator("#id_nik").fill(participant.nik)
    page.locator("#id_kpj_number").fill(participant.kpj_number)
    page.locator("#id_date_of_birth").fill("17/08/1990")
    page.locator("#id_email").fill(email)
    page.locator("#id_new_password1").fill("Pakai001")
    page.locator("#id_new_password2").fill("Pakai001")


def assert_big_enough(page, *locators):
    for locator in locators:
        box = locator.bounding_box()
        assert box["width"] >= TARGET_PX and box["height"] >= TARGET_PX, box


@pytest.fixture
def phone(browser):
    """A page on a small phone, closed even when the test fails halfway."""
    context = browser.new_context(viewport=SMALL_PHONE, locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", TEXT)
def test_a_mistyped_address_is_corrected_after_daftar(
    phone, live_server, participant, mailoutbox, language
):
    text, page = TEXT[language], phone
    walk = Walk(page, f"correct-email-{language}-360")
    page.goto(live_server.url + "/register/")
    if language == "en":
        press(page, "English")
    fill_registration(page, participant, "rina@gmial.com")
    press(page, text["register"])
    link = page.locator('a[href="/register/email/"]')
    assert link.inner_text() == text["wrong_address"]
    assert_big_enough(page, link)
    walk.check("verify-email-typo")

    with page.expect_navigation():
        link.click()
    assert "r***@gmial.com" in page.content()
    page.locator("#id_email").fill("bukan-email")
    press(page, text["send_code"])
    walk.check("correct-email-refused")
    page.locator("#id_email").fill("rina@gmail.com")
    assert_big_enough(
        page,
        page.get_by_role("button", name=text["send_code"], exact=True),
        page.locator('.aside a[href="/email/verify/"]'),
    )
    walk.check("correct-email")
    press(page, text["send_code"])
    assert "r***@gmail.com" in page.content()
    walk.check("verify-email-corrected")

    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, text["verify"])
    assert text["verified"] in page.content()
    assert Member.objects.get(nik=participant.nik).email == "rina@gmail.com"
