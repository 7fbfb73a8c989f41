"""
Pemulihan Akun in a real browser: a member whose mailbox is dead proves a new address,
submits the request with a KTP photo and a selfie on a phone; the old address is told;
two operators approve in the admin; the code reaches the new address; the member sets
a new password and logs in with the new address.
"""

import re

import pytest
from django.contrib.auth.models import Permission

from accounts.models import Member
from tests.conftest import read_code
from tests.support.photos import photo_bytes

from .pages import SIZES, Walk, press

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
OLD, NEW = "lama@example.com", "baru@example.net"
REQUEST_NUMBER = re.compile(r"PA-[A-Z0-9]{8}")


@pytest.fixture
def member(member_factory, participant):
    return member_factory(
        email=OLD,
        nik=participant.nik,
        kpj_number=participant.kpj_number,
        full_name=participant.full_name,
    )


@pytest.fixture
def operators(member_factory):
    codenames = ["view_recoveryrequest", "decide_recoveryrequest"]
    made = []
    for email, name in [("ani@bpjs.example", "Ani"), ("budi@bpjs.example", "Budi")]:
        operator = member_factory(
            email=email, full_name=name, password="Petugas123", is_staff=True
        )
        operator.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        made.append(operator)
    return made


@pytest.fixture
def photos(tmp_path):
    ktp, selfie = tmp_path / "ktp.jpg", tmp_path / "selfie.png"
    ktp.write_bytes(photo_bytes("JPEG", gps=True))
    selfie.write_bytes(photo_bytes("PNG", colour=(40, 120, 200)))
    return ktp, selfie


def submit_request(page, base, participant, photos, mailoutbox, walk) -> str:
    page.goto(base + "/forgot-account/")
    with page.expect_navigation():
        page.get_by_role("link", name="Email saya sudah tidak aktif").first.click()
    page.get_by_label("Email").fill(NEW)
    press(page, "Kirim Kode")
    walk.check("new-address-code")
    page.locator("#id_code").fill(read_code(mailoutbox))
    press(page, "Verifikasi")
    page.locator("#id_nik").fill(participant.nik)
    page.locator("#id_kpj_number").fill(participant.kpj_number)
    page.locator("#id_date_of_birth").fill(
        participant.date_of_birth.strftime("%d/%m/%Y")
    )
    page.locator("#id_full_name").fill(participant.full_name)
    page.locator("#id_phone").fill("0812 3456 7890")
    page.locator("#id_ktp_photo").set_input_files(str(photos[0]))
    page.locator("#id_selfie").set_input_files(str(photos[1]))
    page.locator("#id_reason").fill("Email lama saya sudah tidak aktif.")
    walk.check("request-form")
    press(page, "Ajukan Pemulihan Akun")
    walk.check("request-sent")
    return REQUEST_NUMBER.search(page.content()).group(0)


def approve_as(browser, base, operator, number, walk_name):
    context = browser.new_context(viewport=SIZES["desktop"], locale="id-ID")
    page = context.new_page()
    page.goto(base + "/admin/")
    page.locator("#id_username").fill(operator.email)
    page.locator("#id_password").fill("Petugas123")
    press(page, "Masuk")
    page.goto(base + "/admin/support/recoveryrequest/")
    with page.expect_navigation():
        page.get_by_role("link", name=number).click()
    walk = Walk(page, walk_name)
    walk.snapshot("review")
    approve = page.locator("form[action$='/approve/']")
    approve.locator("input[type=radio]").first.check()
    with page.expect_navigation():
        approve.get_by_role("button").click()
    walk.snapshot("approved")
    text = page.content()
    context.close()
    return text


def test_a_member_with_a_dead_mailbox_gets_back_in_after_two_approvals(
    browser, live_server, member, participant, operators, photos, mailoutbox, settings
):
    settings.JMO_RECOVERY_WAIT_HOURS = 0  # the test cannot wait a day
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    walk = Walk(page, "account-recovery-id-360")

    number = submit_request(
        page, live_server.url, participant, photos, mailoutbox, walk
    )
    told = [m for m in mailoutbox if m.to == [OLD]]
    assert len(told) == 1 and "b***@example.net" in told[0].body  # the old address

    approve_as(browser, live_server.url, operators[0], number, "recovery-operator-1")
    assert Member.objects.get(pk=member.pk).email == OLD  # one approval is not enough
    page_after = approve_as(
        browser, live_server.url, operators[1], number, "recovery-operator-2"
    )
    assert "identity_confirmed" not in page_after  # reasons in words, not codes
    member.refresh_from_db()
    assert member.email == NEW and member.email_verified_at is not None
    to_new = [m for m in mailoutbox if m.to == [NEW]]
    code = read_code(to_new)

    page.goto(live_server.url + "/forgot-password/")
    page.get_by_label("Email").fill(NEW)
    press(page, "Reset Kata Sandi")
    page.locator("#id_code").fill(code)
    press(page, "Verifikasi")
    page.locator("#id_new_password1").fill("BPjs234")
    page.locator("#id_new_password2").fill("BPjs234")
    press(page, "Reset Kata Sandi")
    assert page.locator("h1").inner_text() == "Success"
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill(NEW)
    page.locator("#id_password").fill("BPjs234")
    press(page, "Login")
    assert page.url == live_server.url + "/"
    walk.check("home-after-recovery")
    context.close()
