"""Verifying and changing a member's address: accounts/email_address.py."""

from datetime import timedelta

import pytest

from accounts.core import codes, email_codes, journeys
from accounts.core.clients import Client
from accounts.core.journeys import Outcome
from accounts.login.authentication import log_in
from accounts.models import Member, SecurityEvent, VerificationCode
from accounts.selfservice import email_address
from tests.conftest import CODE_PATTERN, read_code

CLIENT = Client(ip="203.0.113.9", user_agent="pytest", language="id")
VERIFY = codes.Purpose.EMAIL_VERIFICATION
CHANGE = codes.Purpose.EMAIL_CHANGE
BROWSER = journeys.session_hash("browser")


@pytest.fixture
def unverified(member_factory):
    return member_factory(email="baru@example.com", eligible=False)


def verify(member, binding=BROWSER):
    return email_address.start_verification(binding, member, CLIENT)


def change(member, new_email, binding=BROWSER):
    return email_address.start_change(binding, member, new_email, CLIENT)


def confirm(member, code, binding=BROWSER):
    return email_address.confirm_code(binding, code, CLIENT, acting_pk=member.pk)


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_right_code_verifies_the_address(unverified, mailoutbox):
    verify(unverified)
    outcome = confirm(unverified, read_code(mailoutbox))
    assert outcome.member == unverified and outcome.outcome is Outcome.COMPLETED
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None
    assert SecurityEvent.objects.filter(kind="email_verified", detail="code").exists()


def test_a_code_verifies_once(unverified, mailoutbox):
    verify(unverified)
    code = read_code(mailoutbox)
    confirm(unverified, code)
    other_browser = journeys.session_hash("other browser")
    verify(unverified, binding=other_browser)  # a journey with no new code
    outcome = confirm(unverified, code, binding=other_browser)
    assert outcome.outcome is Outcome.WRONG_CODE
    assert SecurityEvent.objects.filter(kind="email_verified").count() == 1


def test_the_same_code_again_in_the_same_browser_is_the_first_ones_duplicate(
    unverified, mailoutbox
):
    verify(unverified)
    code = read_code(mailoutbox)
    confirm(unverified, code)
    assert confirm(unverified, code).outcome is Outcome.COMPLETED
    assert SecurityEvent.objects.filter(kind="email_verified").count() == 1


def test_a_wrong_code_is_refused_and_recorded(unverified, mailoutbox):
    verify(unverified)
    outcome = confirm(unverified, wrong(read_code(mailoutbox)))
    assert outcome.outcome is Outcome.WRONG_CODE
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None
    assert SecurityEvent.objects.filter(kind="code_rejected").count() == 1


def test_the_fifth_guess_may_be_right_the_sixth_may_not(member_factory, mailoutbox):
    first, second = (member_factory(eligible=False) for _ in range(2))
    for member, wrong_guesses in ((first, 4), (second, 5)):
        browser = journeys.session_hash(member.email)
        verify(member, binding=browser)
        code = read_code(mailoutbox)
        for _ in range(wrong_guesses):
            confirm(member, wrong(code), binding=browser)
        outcome = confirm(member, code, binding=browser).outcome
        assert outcome is (
            Outcome.COMPLETED if member == first else Outcome.TRIES_SPENT
        )
        member.refresh_from_db()
        assert (member.email_verified_at is not None) is (member == first)


def test_the_code_lives_ten_minutes(member_factory, mailoutbox, clock):
    on_time, late = (member_factory(eligible=False) for _ in range(2))
    for member, wait in ((on_time, 600), (late, 601)):
        browser = journeys.session_hash(member.email)
        verify(member, binding=browser)
        code = read_code(mailoutbox)
        clock.shift(timedelta(seconds=wait))
        outcome = confirm(member, code, binding=browser).outcome
        assert outcome is (
            Outcome.COMPLETED if member == on_time else Outcome.WRONG_CODE
        )


def test_verification_codes_have_the_reset_codes_budget(unverified, mailoutbox, clock):
    for _ in range(7):
        email_codes.request_verification(unverified, CLIENT)
        clock.shift(timedelta(seconds=61))
    assert VerificationCode.objects.count() == 5
    assert len(mailoutbox) == 6  # five codes, then one notice of the limit
    assert set(
        SecurityEvent.objects.filter(kind="code_throttled").values_list(
            "detail", flat=True
        )
    ) == {"code_hourly_cap"}


def test_a_resend_inside_the_cool_down_mails_nothing(unverified, mailoutbox):
    email_codes.request_verification(unverified, CLIENT)
    email_codes.request_verification(unverified, CLIENT)
    assert len(mailoutbox) == 1


def test_a_verified_member_gets_no_verification_code(member, mailoutbox):
    email_codes.request_verification(member, CLIENT)
    assert mailoutbox == []


def test_a_reset_code_does_not_verify_an_address(member_factory, mailoutbox):
    member = member_factory(eligible=False)
    verify(member)
    code = codes.issue_code(member, codes.Purpose.PASSWORD_RESET)
    assert confirm(member, code).outcome is Outcome.WRONG_CODE
    member.refresh_from_db()
    assert member.email_verified_at is None


def test_a_change_goes_through_only_with_the_code_from_the_new_address(
    member, mailoutbox
):
    change(member, "siti.baru@example.com")
    assert mailoutbox[-1].to == ["siti.baru@example.com"]
    assert mailoutbox[-1].subject == "Konfirmasi alamat email JMO baru Anda"
    member.refresh_from_db()
    assert member.email == "siti@example.com"  # nothing changes before the code
    outcome = confirm(member, read_code(mailoutbox))
    assert outcome.outcome is Outcome.COMPLETED
    member.refresh_from_db()
    assert member.email == "siti.baru@example.com"
    assert SecurityEvent.objects.get(kind="email_changed").detail == (
        "from siti@example.com"
    )


def test_the_old_address_is_told_of_the_change(member, mailoutbox):
    change(member, "siti.baru@example.com")
    confirm(member, read_code(mailoutbox))
    notice = mailoutbox[-1]
    assert notice.to == ["siti@example.com"]
    assert notice.subject == "Alamat email akun JMO Anda telah diganti"
    assert "s***@example.com" in notice.body


def test_a_change_code_confirms_only_the_address_it_was_mailed_to(member, mailoutbox):
    change(member, "siti.baru@example.com")
    code = read_code(mailoutbox)
    change(member, "penyerang@example.com")  # inside the cool-down: no new code
    assert [message.to for message in mailoutbox] == [["siti.baru@example.com"]]
    outcome = confirm(member, code)
    assert outcome.outcome is Outcome.WRONG_CODE
    member.refresh_from_db()
    assert member.email == "siti@example.com"


def test_a_change_to_an_address_in_use_mails_its_owner_and_no_code(
    member, member_factory, mailoutbox
):
    owner = member_factory(email="budi@example.com")
    change(member, owner.email)
    assert [message.to for message in mailoutbox] == [["budi@example.com"]]
    assert not CODE_PATTERN.search(mailoutbox[0].body)  # the owner gets no code
    # A code is made all the same, so the cool-down and caps cannot tell the
    # difference, but it goes nowhere.
    assert VerificationCode.objects.get().sent_to == owner.email
    for guess in ("000000", "123456"):
        assert confirm(member, guess).outcome is Outcome.WRONG_CODE


def test_an_address_taken_between_request_and_code_is_refused(
    member, member_factory, mailoutbox
):
    change(member, "rebut@example.com")
    code = read_code(mailoutbox)
    member_factory(email="rebut@example.com")
    outcome = confirm(member, code)
    assert outcome.outcome is Outcome.ADDRESS_TAKEN
    member.refresh_from_db()
    assert member.email == "siti@example.com"


def test_after_a_change_the_new_address_logs_in_and_the_old_does_not(
    member, mailoutbox
):
    change(member, "siti.baru@example.com")
    confirm(member, read_code(mailoutbox))
    assert log_in("siti.baru@example.com", "Lama1234", CLIENT).member == member
    assert log_in("siti@example.com", "Lama1234", CLIENT).error == "invalid_login"


def test_confirm_without_a_member_checks_nothing_and_records_the_try(db):
    # After "Daftar" with an address whose account was not opened for this NIK.
    journeys.start(
        BROWSER, email_address.FLOW, VERIFY, "x@example.com", nik="3275011708900001"
    )
    outcome = email_address.confirm_code(BROWSER, "123456", CLIENT)
    assert outcome.outcome is Outcome.WRONG_CODE
    assert SecurityEvent.objects.get(kind="code_rejected").email == "x@example.com"


def test_an_inactive_member_cannot_confirm(member_factory, mailoutbox):
    member = member_factory(eligible=False)
    verify(member)
    Member.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()
    code = read_code(mailoutbox)
    assert confirm(member, code).outcome is Outcome.WRONG_CODE
    member.refresh_from_db()
    assert member.email_verified_at is None
