"""
Every member page on a small phone (360×740), in both languages: a screenshot of each
(test-output/screenshots/members-<language>-360/), no serious accessibility issue,
and no button or standalone link smaller than 48×48 CSS px (Android's touch-target
guideline; WCAG 2.2's enhanced target size is 44).
"""

import pytest

from ..conftest import read_code
from .pages import Walk, press

SMALL_PHONE = {"width": 360, "height": 740}
TARGET_PX = 48

TEXT = {
    "id": {
        "login_warning": "Tersisa 2 percobaan lagi sebelum akun dikunci 30 menit.",
        "forgot": "Lupa Kata Sandi",
        "reset": "Reset Kata Sandi",
        "verify": "Verifikasi",
        "two_left": "Tersisa 2 percobaan.",
        "resend": "Kirim ulang kode",
        "new_code": "kode baru sedang dalam perjalanan",
        "broken": "Kata sandi belum memenuhi aturan yang ditandai ✗ di bawah.",
        "hello": "Halo",
        "balance": "Lihat saldo di aplikasi JMO",
        "back_home": "Kembali ke Beranda",
        "logout": "Keluar",
        "register": "Daftar",
        "verify_email": "Verifikasi Email",
        "try_again": "Anda bisa mencoba lagi dalam",
    },
    "en": {
        "login_warning": "2 more tries before the account is locked for 30 minutes.",
        "forgot": "Forgot password",
        "reset": "Reset password",
        "verify": "Verify",
        "two_left": "2 tries left.",
        "resend": "Resend code",
        "new_code": "a new one is on its way",
        "broken": "The password does not follow the rules marked ✗ below.",
        "hello": "Hello",
        "balance": "See your balance in the JMO app",
        "back_home": "Back to home",
        "logout": "Log out",
        "register": "Register",
        "verify_email": "Verify email",
        "try_again": "You can try again in",
    },
}

# Every visible button and link, its size, and whether it stands in running text
# (a link whose parent element has words of its own, like a link in a sentence).
TARGETS_SCRIPT = """() => Array.from(
    document.querySelectorAll("a[href], button, input[type=submit], label.check")
).filter(el => el.getClientRects().length > 0).map(el => {
    const box = el.getBoundingClientRect();
    const inText = el.tagName === "A" && Array.from(el.parentElement.childNodes).some(
        node => node.nodeType === Node.TEXT_NODE && node.textContent.trim() !== "");
    return {name: (el.innerText || el.value || el.tagName).trim().slice(0, 40),
            width: box.width, height: box.height, inText: inText};
})"""


class MemberWalk(Walk):
    """A Walk that also measures every tap target of each page it checks."""

    def __init__(self, page, name):
        super().__init__(page, name)
        self.smallest = None
        self.in_text = set()

    def check(self, label: str) -> None:
        super().check(label)
        targets = self.page.evaluate(TARGETS_SCRIPT)
        self.in_text |= {target["name"] for target in targets if target["inText"]}
        standalone = [target for target in targets if not target["inText"]]
        small = [
            f"{t['name']!r} {t['width']:.0f}×{t['height']:.0f}"
            for t in standalone
            if t["width"] < TARGET_PX or t["height"] < TARGET_PX
        ]
        assert small == [], f"{label}: targets under {TARGET_PX} px: {small}"
        for target in standalone:
            size = min(target["width"], target["height"])
            if self.smallest is None or size < self.smallest[0]:
                self.smallest = (size, f"{label}: {target['name']!r}")


def follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name, exact=True).click()


def wrong_logins(page, email, times):
    for _ in range(times):
        page.locator("#id_email").fill(email)
        page.locator("#id_password").fill("Salah123")
        press(page, "Login")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", TEXT)
def test_every_member_page_fits_a_small_phone(
    browser, live_server, member_factory, participant, mailoutbox, settings, language
):
    member = member_factory(
        email="kartini@example.com", full_name="Kartini Rahayu", phone="+6281234567890"
    )
    text = TEXT[language]
    context = browser.new_context(viewport=SMALL_PHONE, locale="en-US")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    walk = MemberWalk(page, f"members-{language}-360")
    base = live_server.url

    page.goto(base + "/login/")
    if language == "en":
        press(page, "English")
    walk.check("login")
    wrong_logins(page, member.email, 3)
    assert text["login_warning"] in page.content()
    walk.check("login-warning")

    page.locator("#id_email").fill(member.email)
    follow(page, text["forgot"])  # the link carries the email just typed
    assert page.locator("#id_email").input_value() == member.email
    walk.check("forgot-password")

    press(page, text["reset"])
    walk.check("code")
    for _ in range(3):
        page.locator("#id_code").fill("000000")
        press(page, text["verify"])
    assert text["two_left"] in page.content()
    walk.check("code-two-tries-left")
    for _ in range(2):
        page.locator("#id_code").fill("000000")
        press(page, text["verify"])
    assert page.locator("#id_code").count() == 0  # the field is gone
    resend = page.get_by_role("button", name=text["resend"])
    assert "button-primary" in resend.get_attribute("class")
    assert resend.is_disabled()  # until its countdown ends
    walk.check("code-tries-spent")

    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0  # no minute's wait in a test
    page.reload()
    press(page, text["resend"])
    assert text["new_code"] in page.content()
    walk.check("code-resent")
    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, text["verify"])
    walk.check("new-password")
    for field in ("#id_new_password1", "#id_new_password2"):
        page.locator(field).fill("Password1")  # every live rule ticks; too common
    press(page, text["reset"])
    assert text["broken"] in page.content()
    walk.check("new-password-too-common")
    for field in ("#id_new_password1", "#id_new_password2"):
        page.locator(field).fill("BPjs234")
    press(page, text["reset"])
    walk.check("success")

    follow(page, "Login")
    page.locator("#id_email").fill(member.email)
    page.locator("#id_password").fill("BPjs234")
    press(page, "Login")
    assert page.locator("h1").inner_text() == f"{text['hello']}, Kartini Rahayu"
    walk.check("home")
    for code in ["JHT", "JKK", "JK", "JP"]:
        with page.expect_navigation():
            page.locator(".programme", has_text=code).first.click()
        assert text["balance"] in page.content()
        walk.check(f"programme-{code.lower()}")
        follow(page, text["back_home"])
    for path in [
        "account/data",
        "account/password",
        "account/email",
        "account/devices",
    ]:
        page.goto(f"{base}/{path}/")
        walk.check(path.replace("/", "-"))
    assert page.locator("#id_phone").count() == 0  # (devices page is last)
    page.goto(base + "/account/data/")
    assert page.locator("#id_phone").input_value() == "0812 3456 7890"
    page.goto(base + "/help/")
    walk.check("help")
    page.goto(base + "/tidak-ada/")
    assert page.get_by_role("link", name=text["back_home"]).count() == 1
    walk.check("not-found-logged-in")
    page.goto(base + "/")
    press(page, text["logout"])

    page.goto(base + "/tidak-ada/")
    walk.check("not-found")
    page.goto(base + "/login/")
    follow(page, text["register"])
    walk.check("register")
    page.locator("#id_nik").fill(participant.nik)
    page.locator("#id_kpj_number").fill(participant.kpj_number)
    page.locator("#id_date_of_birth").fill("17/08/1990")
    page.locator("#id_email").fill("rina@example.com")
    page.locator("#id_new_password1").fill("Pakai001")
    page.locator("#id_new_password2").fill("Pakai001")
    press(page, text["register"])
    assert page.locator("h1").inner_text() == text["verify_email"]
    walk.check("verify-email")
    with page.expect_navigation():  # "Salah alamat email?"
        page.locator('a[href="/register/email/"]').click()
    walk.check("correct-email")

    settings.JMO_IP_RESET_REQUESTS_PER_HOUR = 0
    page.goto(base + "/forgot-password/")
    page.locator("#id_email").fill(member.email)
    press(page, text["reset"])
    assert text["try_again"] in page.content()
    walk.check("too-many-requests")

    print(f"smallest target {language}: {walk.smallest}")
    print(f"links in running text {language}: {sorted(walk.in_text)}")
    context.close()
