"""
Double taps, Back and two tabs in a real browser, on a phone-sized screen. With
JavaScript the button turns busy and ignores the second tap; without it both taps
reach the server, which answers the second like the first.
"""

import pytest
from playwright.sync_api import expect

from accounts.models import SecurityEvent
from tests.conftest import read_code

from .pages import Walk, press

PHONE = {"width": 360, "height": 740}
NEW_PASSWORD_HEADING = "Buat kata sandi baru"
REPLACED = "Kode ini sudah diganti dengan kode yang lebih baru."

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser):
    contexts = []

    def open_phone(javascript=True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def ask_for_code(page, base, email):
    page.goto(base + "/forgot-password/")
    page.get_by_label("Email").fill(email)
    press(page, "Reset Kata Sandi")


def double_tap(page, name, heading):
    """Two taps; the browser may abort the first navigation for the second."""
    page.get_by_role("button", name=name, exact=True).dblclick(no_wait_after=True)
    expect(page.locator("h1")).to_have_text(heading)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("javascript", [True, False], ids=["with_js", "without_js"])
def test_double_taps_on_verifikasi_and_reset_reach_success(
    phone, live_server, member_factory, mailoutbox, javascript
):
    member = member_factory(email="ganda@example.com")
    page = phone(javascript)
    walk = Walk(page, f"double-tap-{'js' if javascript else 'nojs'}")
    ask_for_code(page, live_server.url, member.email)
    page.locator("#id_code").fill(read_code(mailoutbox))
    double_tap(page, "Verifikasi", NEW_PASSWORD_HEADING)
    walk.snapshot("after-double-tap-verifikasi")
    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    double_tap(page, "Reset Kata Sandi", "Success")
    walk.snapshot("after-double-tap-reset")
    assert SecurityEvent.objects.filter(kind="password_changed").count() == 1
    member.refresh_from_db()
    assert member.check_password("BPjs234")


def test_the_first_tap_turns_the_button_busy(phone, live_server, member_factory):
    member = member_factory(email="sibuk@example.com")
    page = phone()
    page.goto(live_server.url + "/forgot-password/")
    page.get_by_label("Email").fill(member.email)
    # Keep the page here (as a slow network would) to look at it after the tap.
    page.evaluate(
        "() => document.querySelector('main form')"
        ".addEventListener('submit', event => event.preventDefault())"
    )
    button = page.get_by_role("button", name="Reset Kata Sandi", exact=True)
    button.click()
    assert button.get_attribute("aria-busy") == "true"
    Walk(page, "busy-button").snapshot("busy")


def test_back_after_success_shows_success_or_login_never_an_error(
    phone, live_server, member_factory, mailoutbox
):
    member = member_factory(email="kembali@example.com")
    page = phone()
    ask_for_code(page, live_server.url, member.email)
    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, "Verifikasi")
    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    press(page, "Reset Kata Sandi")
    for _ in range(3):  # Back to the new-password page, the code page, the form
        page.go_back()
        page.wait_for_load_state("load")
        heading = page.locator("h1").inner_text()
        assert heading in ("Success", "Login", "Lupa Kata Sandi"), heading
        assert page.locator(".form-errors, .errorlist").count() == 0
    Walk(page, "back-after-success").snapshot("after-back")


def test_two_tabs_the_newest_code_works_in_either(
    phone, live_server, member_factory, mailoutbox, settings
):
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0
    member = member_factory(email="duatab@example.com")
    first_tab = phone()
    ask_for_code(first_tab, live_server.url, member.email)
    older = read_code(mailoutbox)
    second_tab = first_tab.context.new_page()
    ask_for_code(second_tab, live_server.url, member.email)
    newest = read_code(mailoutbox)
    first_tab.locator("#id_code").fill(older)
    press(first_tab, "Verifikasi")
    assert REPLACED in first_tab.content()
    Walk(first_tab, "two-tabs").snapshot("older-code")
    first_tab.locator("#id_code").fill(newest)
    press(first_tab, "Verifikasi")
    assert first_tab.locator("h1").inner_text() == NEW_PASSWORD_HEADING
