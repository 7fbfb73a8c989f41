"""The whole journey in a real browser, phone and desktop sizes, in both languages."""

import re

import pytest

from ..conftest import read_code
from .pages import SIZES, Walk, press, serious_violations

TEXT = {
    "id": {
        "forgot": "Lupa Kata Sandi",
        "reset": "Reset Kata Sandi",
        "verify": "Verifikasi",
        "wrong_code": "Kode salah atau sudah tidak berlaku.",
        "no_upper": "huruf besar",
        "mismatch": "Kedua kata sandi tidak sama.",
        "hello": "Halo",
        "logout": "Keluar",
        "show": "Lihat",
    },
    "en": {
        "forgot": "Forgot password",
        "reset": "Reset password",
        "verify": "Verify",
        "wrong_code": "The code is wrong or no longer valid.",
        "no_upper": "uppercase letter",
        "mismatch": "The two passwords do not match.",
        "hello": "Hello",
        "logout": "Log out",
        "show": "Show",
    },
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", TEXT)
def test_member_resets_the_password_in_a_browser(
    browser, live_server, member_factory, mailoutbox, language, size
):
    member = member_factory(email="kartini@example.com", full_name="Kartini Rahayu")
    text = TEXT[language]
    context = browser.new_context(viewport=SIZES[size], locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    walk = Walk(page, f"{language}-{size}")

    page.goto(live_server.url + "/login/")
    if language == "en":
        press(page, "English")  # the choice persists in a cookie from here on
    link = page.locator("a.link-danger")
    assert link.inner_text() == text["forgot"]
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(198, 40, 40)"
    walk.check("login")

    with page.expect_navigation():
        link.click()
    walk.check("forgot-password")

    page.get_by_label("Email").fill(member.email)
    press(page, text["reset"])
    assert "k***@example.com" in page.content()
    assert (
        page.get_by_label(re.compile("kode|code", re.I)).get_attribute("inputmode")
        == "numeric"
    )
    walk.check("code")

    page.locator("#id_code").fill(
        "000000" if read_code(mailoutbox) != "000000" else "111111"
    )
    press(page, text["verify"])
    assert text["wrong_code"] in page.content()
    walk.check("wrong-code")

    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, text["verify"])
    walk.check("new-password")

    page.locator("#id_new_password1").fill("pakai001")
    met = page.locator(".rule-met").count()
    assert met == 3  # length, lowercase and digit tick live; the uppercase does not
    page.get_by_role("button", name=text["show"]).first.click()
    assert page.locator("#id_new_password1").get_attribute("type") == "text"
    page.locator("#id_new_password2").fill("pakai001")
    walk.snapshot("checklist-typing")
    press(page, text["reset"])
    assert text["no_upper"] in page.content()
    walk.check("weak-password")

    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs235")
    press(page, text["reset"])
    assert text["mismatch"] in page.content()
    walk.check("mismatch")

    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    press(page, text["reset"])
    assert page.locator("h1").inner_text() == "Success"
    walk.check("success")

    with page.expect_navigation():
        page.get_by_role("link", name="Login", exact=True).click()
    page.get_by_label("Email").fill(member.email)
    page.locator("#id_password").fill("BPjs234")
    press(page, "Login")
    assert page.locator("h1").inner_text() == f"{text['hello']}, Kartini Rahayu"
    for programme in ["JHT", "JKK", "JK", "JP"]:
        assert page.get_by_text(programme, exact=True).is_visible()
    walk.check("home")

    press(page, text["logout"])
    assert page.url == live_server.url + "/login/"
    page.goto(live_server.url + "/help/")
    assert "175" in page.content()
    walk.check("help")
    print(f"heaviest page {language}-{size}: {walk.heaviest} bytes")
    context.close()


@pytest.mark.parametrize("path", ["/help/", "/tidak-ada/", "/forgot-password/"])
def test_other_pages_have_no_serious_accessibility_issue(browser, live_server, path):
    page = browser.new_page(viewport=SIZES["phone"])
    page.goto(live_server.url + path)
    assert serious_violations(page) == []
    page.close()
