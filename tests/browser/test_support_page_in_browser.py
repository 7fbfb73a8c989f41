"""
The call centre's support page walked as an operator walks it, at desktop size, for
"locked and the code never arrives": log into the admin, find the member by NIK,
read why, lift the limit once, send a code, and the member's mailbox has it.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from accounts.core.clients import Client as Origin
from accounts.login.authentication import log_in
from accounts.models import SecurityEvent, VerificationCode
from tests.conftest import read_code

from .pages import SIZES, Walk, page_weight, press, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def operator(member_factory):
    agent = member_factory(
        email="dewi.petugas@bpjs.example",
        full_name="Dewi Petugas",
        password="Petugas123",
        is_staff=True,
    )
    codenames = ["view_member", "change_member", "view_securityevent"]
    agent.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return agent


@pytest.fixture
def stuck_member(member_factory):
    """Locked by wrong passwords, and five codes this hour: none arrives."""
    member = member_factory(
        email="budi@example.com", full_name="Budi Santoso", nik="3174091708900002"
    )
    for ip in ["203.0.113.5"] * 3 + ["198.51.100.7"] * 2:
        log_in(member.email, "Salah123", Origin(ip=ip))
    created = timezone.now() - timedelta(minutes=20)
    VerificationCode.objects.bulk_create(
        VerificationCode(
            member=member,
            purpose="password_reset",
            code_hash="0" * 64,
            sent_to=member.email,
            created_at=created + timedelta(minutes=minute),
            expires_at=created + timedelta(minutes=minute + 10),
        )
        for minute in range(5)
    )
    return member


def test_operator_gets_a_code_to_a_locked_member_past_the_hourly_limit(
    browser, live_server, operator, stuck_member, mailoutbox
):
    context = browser.new_context(viewport=SIZES["desktop"], locale="id-ID")
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and csp_errors.append(message.text)
        ),
    )
    walk = Walk(page, "support-id-desktop")

    page.goto(live_server.url + "/admin/")
    page.locator("#id_username").fill(operator.email)
    page.locator("#id_password").fill("Petugas123")
    press(page, "Masuk")
    walk.snapshot("admin-home")

    page.goto(live_server.url + "/admin/accounts/member/")
    page.locator("#searchbar").fill(stuck_member.nik)
    page.locator("#searchbar").press("Enter")
    page.wait_for_load_state("load")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert re.search(r"Terkunci sampai (\d\d/\d\d )?\d\d\.\d\d", rows.inner_text())
    walk.snapshot("found-by-nik")

    with page.expect_navigation():
        rows.get_by_role("link", name="Bantuan").click()
    content = page.locator("#content-main")
    assert (
        "Tidak: akun terkunci sampai" in content.inner_text()
    )  # a time, or a date near midnight
    assert "203.0.113.5 (3×), 198.51.100.7 (2×)" in content.inner_text()
    assert "Batas per jam tercapai: 5 kode dalam 1 jam terakhir." in (
        content.inner_text()
    )
    assert serious_violations(page) == []
    print(f"support page: {page_weight(page)} bytes")
    walk.snapshot("support-locked-and-capped")

    lift = page.locator(
        "form", has=page.get_by_role("button", name="Buka batas sekali")
    )
    lift.get_by_label("Peserta sudah diverifikasi call centre lewat telepon").check()
    press(page, "Buka batas sekali")
    assert "Batas dibuka sekali" in page.locator(".messagelist").inner_text()
    assert "Ya: kode reset bisa dikirim sekarang." in content.inner_text()
    walk.snapshot("limit-lifted")

    press(page, "Kirim kode reset")
    message = page.locator(".messagelist").inner_text()
    assert "Kode sedang dikirim ke b***@example.com" in message
    code = read_code(mailoutbox)
    assert mailoutbox[-1].to == [stuck_member.email]
    assert code not in page.content()
    assert "Kode dikirim ke b***@example.com" in content.inner_text()
    assert "Dewi Petugas" in content.inner_text()
    walk.snapshot("code-sent")

    unlock = page.locator(
        "form", has=page.get_by_role("button", name="Buka kunci akun")
    )
    unlock.get_by_label("Lainnya (tulis di bawah)").check()
    unlock.get_by_label("Keterangan").fill("Peserta menelepon dari nomor terdaftar")
    press(page, "Buka kunci akun")
    assert "Ya: peserta bisa login." in content.inner_text()
    walk.snapshot("unlocked")

    acted = SecurityEvent.objects.filter(actor=operator).values_list("kind", flat=True)
    assert sorted(acted) == [
        "code_requested",
        "operator_change",  # the limit lifted
        "operator_change",  # the account unlocked
        "unlocked",
    ]
    assert csp_errors == []
    context.close()
