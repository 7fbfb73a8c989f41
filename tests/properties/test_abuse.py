"""
Abuse resistance: every hash costs a budget, the lockout cannot be turned against its
owner, mailboxes cannot be flooded, and the login does the same work for everyone.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.core import limits
from accounts.core.clients import Client as Origin
from accounts.login.authentication import log_in
from accounts.models import Member, VerificationCode
from tests.conftest import read_code
from tests.factories import ParticipantFactory
from tests.journey import (
    CHANGE_EMAIL,
    FORGOT,
    HOME,
    LOGIN,
    SET_PASSWORD,
    VERIFY,
    register,
)

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
MEMBER_PHONE = {"REMOTE_ADDR": "198.51.100.7"}
HASHES = []


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting every hash it computes."""

    algorithm = "counting_md5"

    def encode(self, password, salt):
        HASHES.append(password)
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.properties.test_abuse.CountingHasher"]
    HASHES.clear()
    return HASHES


@pytest.fixture
def member(member_factory):
    return member_factory(email="pemilik@example.com", password="Lama1234")


def burst(post, times):
    return [post().status_code for _ in range(times)]


# --- every hash-costing request draws from the address's budget ----------------


@pytest.mark.parametrize("page", [LOGIN, "/admin/login/"])
def test_a_burst_of_logins_is_refused_past_the_address_budget(
    page, member, settings, counting_hasher
):
    settings.JMO_HASHES_PER_ADDRESS_PER_MINUTE = 3
    attacker = Client(**ATTACKER)
    data = {"email": member.email, "username": member.email, "password": "Salah123"}
    counting_hasher.clear()
    statuses = burst(lambda: attacker.post(page, data), 5)
    assert statuses[3:] == [429, 429]
    assert len(counting_hasher) <= 3  # the refused ones cost no hash


def test_the_admin_login_draws_from_the_same_login_budget(member, settings):
    settings.JMO_IP_LOGIN_ATTEMPTS_PER_HOUR = 2
    attacker = Client(**ATTACKER)
    data = {"username": member.email, "password": "Salah123"}
    attacker.post(LOGIN, {"email": member.email, "password": "Salah123"})
    attacker.post("/admin/login/", data)
    response = attacker.post("/admin/login/", data)
    assert response.status_code == 429 and response["Retry-After"]


def test_password_changes_of_one_member_are_budgeted(member, settings, mailoutbox):
    settings.JMO_ACCOUNT_CHANGES_PER_MEMBER_PER_HOUR = 2
    browser = Client(**MEMBER_PHONE)
    browser.force_login(member)
    passwords = ["Lama1234", "Baru0001", "Baru0002", "Baru0003"]
    statuses = []
    for current, new in zip(passwords, passwords[1:], strict=False):
        data = {"current_password": current, "new_password1": new, "new_password2": new}
        statuses.append(browser.post("/account/password/", data).status_code)
    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2


def test_email_change_requests_draw_from_the_member_budget(member, settings):
    settings.JMO_ACCOUNT_CHANGES_PER_MEMBER_PER_HOUR = 1
    browser = Client(**MEMBER_PHONE)
    browser.force_login(member)
    first = {"email": "satu@example.com", "current_password": "Lama1234"}
    second = {"email": "dua@example.com", "current_password": "Lama1234"}
    assert browser.post(CHANGE_EMAIL, first).status_code == 302
    assert browser.post(CHANGE_EMAIL, second).status_code == 429


def test_daftar_hashes_draw_from_the_address_budget(settings, counting_hasher, db):
    settings.JMO_HASHES_PER_ADDRESS_PER_MINUTE = 1
    first, second = ParticipantFactory(), ParticipantFactory()
    attacker = Client(**ATTACKER)
    assert register(attacker, first, "a@example.com").url == "/email/verify/"
    assert register(attacker, second, "b@example.com").status_code == 429
    assert counting_hasher == ["Pakai001"]


def test_a_new_password_draws_from_the_address_budget(member, settings, mailoutbox):
    browser = Client(**MEMBER_PHONE)
    browser.post(FORGOT, {"email": member.email})
    browser.post(VERIFY, {"code": read_code(mailoutbox)})
    settings.JMO_HASHES_PER_ADDRESS_PER_MINUTE = 0
    data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    assert browser.post(SET_PASSWORD, data).status_code == 429
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_an_ipv6_prefix_is_one_address():
    first = limits.address_key("2001:db8:1:2:aaaa::1")
    assert first == limits.address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert limits.address_key("2001:db8:1:3::1") != first
    assert limits.address_key("::ffff:192.0.2.5") == "192.0.2.5"
    assert limits.address_key(None) == limits.address_key("bukan-ip") == "unknown"


# --- the lockout protects the owner -----------------------------------------------


def owners_phone(member):
    """A browser the member logged in with: it holds the device cookie."""
    phone = Client(**MEMBER_PHONE)
    phone.post(LOGIN, {"email": member.email, "password": "Lama1234"})
    phone.post("/logout/")
    return phone


def test_failures_from_elsewhere_do_not_lock_the_owners_known_browser(member):
    phone = owners_phone(member)
    attacker = Client(**ATTACKER)
    for _ in range(6):
        attacker.post(LOGIN, {"email": member.email, "password": "Salah123"})
    member.refresh_from_db()
    assert member.is_locked(timezone.now())  # locked for unknown browsers
    answer = phone.post(LOGIN, {"email": member.email, "password": "Lama1234"})
    assert answer.url == HOME  # the owner's browser is not


def test_a_known_browser_has_its_own_small_budget(member, settings):
    settings.JMO_KNOWN_DEVICE_MAX_FAILURES = 3
    phone = owners_phone(member)
    for _ in range(3):
        phone.post(LOGIN, {"email": member.email, "password": "Salah123"})
    member.refresh_from_db()
    assert member.failed_login_count == 0  # not counted against the account
    # Past its budget the browser is an unknown one again, and the lockout applies.
    for _ in range(5):
        phone.post(LOGIN, {"email": member.email, "password": "Salah123"})
    member.refresh_from_db()
    assert member.is_locked(timezone.now())


def test_a_forged_device_cookie_counts_as_an_unknown_browser(member):
    attacker = Client(**ATTACKER)
    attacker.cookies["jmo_device"] = f'{{"member": {member.pk}}}'
    for _ in range(5):
        attacker.post(LOGIN, {"email": member.email, "password": "Salah123"})
    member.refresh_from_db()
    assert member.is_locked(timezone.now())


def test_after_a_reset_attackers_cannot_keep_the_owner_locked(member, mailoutbox):
    attacker = Client(**ATTACKER)
    for _ in range(5):
        attacker.post(LOGIN, {"email": member.email, "password": "Salah123"})
    phone = Client(**MEMBER_PHONE)
    phone.post(FORGOT, {"email": member.email})
    phone.post(VERIFY, {"code": read_code(mailoutbox)})
    phone.post(SET_PASSWORD, {"new_password1": "BPjs234", "new_password2": "BPjs234"})
    for _ in range(10):  # the attacker goes on right after the reset
        attacker.post(LOGIN, {"email": member.email, "password": "Salah123"})
    answer = phone.post(LOGIN, {"email": member.email, "password": "BPjs234"})
    assert answer.url == HOME


def test_code_requests_from_elsewhere_do_not_spend_the_owners_codes(
    member, mailoutbox, clock
):
    phone = owners_phone(member)
    for _ in range(10):  # every minute, from other addresses, the whole budget
        Client(REMOTE_ADDR="203.0.113.9").post(FORGOT, {"email": member.email})
        clock.shift(61)
    assert VerificationCode.objects.filter(from_known_device=False).count() == 5
    sent = len(mailoutbox)
    phone.post(FORGOT, {"email": member.email})
    assert len(mailoutbox) == sent + 1  # the owner's own browser still gets a code
    phone.post(VERIFY, {"code": read_code(mailoutbox)})
    assert phone.get(SET_PASSWORD).status_code == 200


def test_a_request_from_elsewhere_does_not_replace_the_owners_code(
    member, mailoutbox, clock
):
    phone = owners_phone(member)
    phone.post(FORGOT, {"email": member.email})
    owners_code = read_code(mailoutbox)
    clock.shift(61)
    Client(**ATTACKER).post(FORGOT, {"email": member.email})
    phone.post(VERIFY, {"code": owners_code})
    assert phone.get(SET_PASSWORD).status_code == 200


# --- mailboxes cannot be flooded ----------------------------------------------------


def test_at_most_ten_mails_a_day_reach_one_mailbox(member, mailoutbox, clock, settings):
    settings.JMO_CODES_PER_HOUR = 100
    settings.JMO_CODES_PER_DAY = 100
    for attempt in range(12):  # codes from 12 addresses, two minutes apart
        Client(REMOTE_ADDR=f"203.0.113.{attempt}").post(FORGOT, {"email": member.email})
        clock.shift(120)
    assert len(mailoutbox) == 10
    assert member.security_events.filter(detail="mailbox_daily_cap").count() == 2


def test_a_daily_budget_refuses_quietly_and_records_it(member, mailoutbox, settings):
    settings.JMO_MAILS_PER_ADDRESS_PER_DAY = 0
    Client(**ATTACKER).post(FORGOT, {"email": member.email})
    assert mailoutbox == []
    assert not VerificationCode.objects.exists()  # no code that nobody received
    assert member.security_events.filter(detail="mailbox_daily_cap").exists()


# --- the login does the same work for every address -----------------------------


@pytest.mark.parametrize("failures", [1, 5])
def test_a_wrong_password_costs_the_same_for_a_member_and_an_unknown_address(
    member, failures
):
    """Same statements, same hashes: the answer time cannot tell them apart."""
    work = {}
    for email in (member.email, "tidakada@example.com"):
        HASHES.clear()
        for _ in range(failures - 1):
            log_in(email, "Salah123", Origin(ip="192.0.2.1"))
        with CaptureQueriesContext(connection) as queries:
            outcome = log_in(email, "Salah123", Origin(ip="192.0.2.1"))
        statements = [query["sql"].split(" ")[0] for query in queries.captured_queries]
        work[email] = (statements, len(HASHES), outcome.error)
    assert work[member.email] == work["tidakada@example.com"]


def test_a_locked_address_costs_no_hash_for_a_member_or_an_unknown_one(member):
    for email in (member.email, "tidakada@example.com"):
        for _ in range(5):
            log_in(email, "Salah123", Origin(ip="192.0.2.1"))
        HASHES.clear()
        assert log_in(email, "Lama1234", Origin(ip="192.0.2.1")).error == (
            "account_locked"
        )
        assert HASHES == []


# --- personal data is never cached -------------------------------------------------


@pytest.mark.parametrize(
    "page", [HOME, "/account/data/", "/account/devices/", CHANGE_EMAIL]
)
def test_pages_with_personal_data_are_not_stored(client, member, page):
    client.force_login(member)
    response = client.get(page)
    assert "no-store" in response["Cache-Control"]


def test_a_long_address_can_be_left_and_is_told(client, member_factory, mailoutbox):
    long_address = "a" * 240 + "@example.com"  # 252 characters, the form allows 254
    member = member_factory(email=long_address, password="Lama1234")
    client.force_login(member)
    client.post(
        CHANGE_EMAIL, {"email": "pendek@example.com", "current_password": "Lama1234"}
    )
    response = client.post("/email/verify/", {"code": read_code(mailoutbox)})
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).email == "pendek@example.com"
    assert mailoutbox[-1].to == [long_address]
