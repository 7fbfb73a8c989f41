"""Changing the address ("Ubah Email") and verifying it from the home page."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.core import journeys
from accounts.models import Member, SecurityEvent
from accounts.selfservice import email_address
from tests.conftest import read_code
from tests.journey import (
    CHANGE_EMAIL,
    HOME,
    LOGIN,
    RESEND_EMAIL_CODE,
    VERIFY_EMAIL,
    enter_email_code,
    log_in,
)

START_VERIFICATION = reverse("accounts:start_email_verification")


def change(client, email, password="Lama1234"):
    return client.post(CHANGE_EMAIL, {"email": email, "current_password": password})


def refused(client, response, page):
    """A refused POST answers with a redirect to its page, whose GET shows why."""
    assert response.status_code == 302 and response.url == page
    return client.get(page)


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(CHANGE_EMAIL).url.startswith(LOGIN)


def test_home_links_to_the_change(client, member):
    client.force_login(member)
    assert f'href="{CHANGE_EMAIL}"' in client.get(HOME).text


def test_the_new_address_replaces_the_old_only_with_its_code(
    client, member, mailoutbox
):
    client.force_login(member)
    response = change(client, "Siti.Baru@Example.com")
    assert response.url == VERIFY_EMAIL
    assert mailoutbox[-1].to == ["siti.baru@example.com"]
    assert Member.objects.get(pk=member.pk).email == "siti@example.com"
    response = enter_email_code(client, read_code(mailoutbox))
    assert response.url == HOME
    assert "Akun Anda sekarang memakai alamat email yang baru." in (
        client.get(HOME).text
    )
    assert Member.objects.get(pk=member.pk).email == "siti.baru@example.com"
    assert mailoutbox[-1].to == ["siti@example.com"]  # the old address is told


def test_the_member_logs_in_with_the_new_address_afterwards(member, mailoutbox):
    browser = Client()
    browser.force_login(member)
    change(browser, "siti.baru@example.com")
    enter_email_code(browser, read_code(mailoutbox))
    assert log_in(Client(), "siti.baru@example.com", "Lama1234").url == HOME


def test_a_wrong_current_password_is_refused_and_counted(client, member, mailoutbox):
    client.force_login(member)
    response = change(client, "siti.baru@example.com", password="Salah123")
    page = refused(client, response, CHANGE_EMAIL)
    assert "Kata sandi saat ini tidak sesuai." in page.text
    assert mailoutbox == []
    assert Member.objects.get(pk=member.pk).failed_login_count == 1


def test_five_wrong_current_passwords_lock_the_account(client, member, mailoutbox):
    client.force_login(member)
    for _ in range(5):
        response = change(client, "siti.baru@example.com", password="Salah123")
    page = refused(client, response, CHANGE_EMAIL)
    assert "Akun Anda dikunci sementara" in page.text
    page = refused(client, change(client, "x@example.com"), CHANGE_EMAIL)
    assert "Akun Anda dikunci sementara" in page.text
    assert mailoutbox == []


def test_the_current_address_is_refused(client, member):
    client.force_login(member)
    response = change(client, "SITI@example.com")
    assert "Ini sudah email akun Anda." in refused(client, response, CHANGE_EMAIL).text


def test_an_address_in_use_looks_like_a_free_one_and_its_owner_is_told(
    member, member_factory, mailoutbox
):
    member_factory(email="budi@example.com")
    other = member_factory(email="lain@example.com", password="Lama1234")
    pages = {}
    for asking, email in ((member, "budi@example.com"), (other, "bebas@example.com")):
        browser = Client()
        browser.force_login(asking)
        response = change(browser, email)
        page = browser.get(VERIFY_EMAIL).text
        pages[email] = (response.url, page.count("***@example.com"))
    assert pages["budi@example.com"] == pages["bebas@example.com"]
    assert [message.to for message in mailoutbox] == [
        ["budi@example.com"],
        ["bebas@example.com"],
    ]
    assert "Seseorang baru saja mencoba" in mailoutbox[0].body


@pytest.mark.parametrize("first", ["budi@example.com", "bebas1@example.com"])
def test_the_cool_down_after_a_change_request_is_the_same_whatever_the_address(
    client, member, member_factory, mailoutbox, first
):
    """Asking for an address in use, then for a free one, shows what asking for two
    free ones shows: the second code waits for the cool-down (no code is mailed)."""
    member_factory(email="budi@example.com")
    client.force_login(member)
    change(client, first)
    mailed = len(mailoutbox)
    change(client, "bebas2@example.com")
    assert len(mailoutbox) == mailed  # inside the cool-down in both cases


def test_the_journey_belongs_to_the_member_who_started_it(
    client, member, member_factory, mailoutbox
):
    client.force_login(member)
    change(client, "siti.baru@example.com")
    other = member_factory()
    client.force_login(other)
    enter_email_code(client, read_code(mailoutbox))
    assert Member.objects.get(pk=member.pk).email == "siti@example.com"
    assert Member.objects.get(pk=other.pk).email == other.email


def test_a_journey_is_not_finished_under_another_login(client, member, member_factory):
    client.force_login(member_factory())
    binding = journeys.session_hash(client.session.session_key)
    journey = journeys.start(
        binding,
        email_address.FLOW,
        email_address.Purpose.EMAIL_CHANGE,
        "x@example.com",
        member=member,
        logged_in=True,
    ).journey
    assert client.get(VERIFY_EMAIL).url == HOME
    assert enter_email_code(client, "123456").url == HOME
    journey.refresh_from_db()
    assert journey.status == "open" and journey.wrong_attempts == 0  # not touched


def test_a_logged_out_browser_cannot_finish_a_change(client, member, mailoutbox):
    client.force_login(member)
    change(client, "siti.baru@example.com")
    code = read_code(mailoutbox)
    client.post("/logout/")
    enter_email_code(client, code)
    assert Member.objects.get(pk=member.pk).email == "siti@example.com"


def test_resend_mails_the_new_address_again(client, member, mailoutbox, clock):
    client.force_login(member)
    change(client, "siti.baru@example.com")
    clock.shift(61)
    client.post(RESEND_EMAIL_CODE)
    assert [message.to for message in mailoutbox] == [["siti.baru@example.com"]] * 2
    enter_email_code(client, read_code(mailoutbox))
    assert Member.objects.get(pk=member.pk).email == "siti.baru@example.com"


def test_unverified_member_is_reminded_and_verifies_from_home(
    client, member_factory, mailoutbox
):
    unverified = member_factory(email_verified_at=None)
    client.force_login(unverified)
    home = client.get(HOME).text
    assert "Alamat email Anda belum diverifikasi." in home
    assert f'action="{START_VERIFICATION}"' in home
    assert client.post(START_VERIFICATION).url == VERIFY_EMAIL
    assert enter_email_code(client, read_code(mailoutbox)).url == HOME
    assert "belum diverifikasi" not in client.get(HOME).text
    assert SecurityEvent.objects.filter(kind="email_verified").count() == 1


def test_a_verified_member_is_not_reminded_and_gets_no_code(client, member, mailoutbox):
    client.force_login(member)
    assert "belum diverifikasi" not in client.get(HOME).text
    assert client.post(START_VERIFICATION).url == HOME
    assert mailoutbox == []


def test_start_verification_accepts_only_post(client, member_factory):
    client.force_login(member_factory(email_verified_at=None))
    assert client.get(START_VERIFICATION).status_code == 405
