"""Verifying and changing a member's address: accounts/email_address.py."""

from datetime import timedelta

import pytest

from accounts.core import codes, email_codes
from accounts.core.clients import Client
from accounts.login.authentication import log_in
from accounts.models import Member, SecurityEvent, VerificationCode
from accounts.selfservice import email_address
from tests.conftest import read_code

CLIENT = Client(ip="203.0.113.9", user_agent="pytest", language="id")
VERIFY = codes.Purpose.EMAIL_VERIFICATION
CHANGE = codes.Purpose.EMAIL_CHANGE


@pytest.fixture
def unverified(member_factory):
    return member_factory(email="baru@example.com", eligible=False)


def confirm(member, purpose, email, code):
    return email_address.confirm(member, purpose, email, code, CLIENT)


def wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_right_code_verifies_the_address(unverified, mailoutbox):
    email_codes.request_verification(unverified, CLIENT)
    outcome = confirm(unverified, VERIFY, unverified.email, read_code(mailoutbox))
    assert outcome.member == unverified and outcome.error == ""
    unverified.refresh_from_db()
    assert unverified.email_verified_at is not None
    assert SecurityEvent.objects.filter(kind="email_verified", detail="code").exists()


def test_a_code_verifies_once(unverified, mailoutbox):
    email_codes.request_verification(unverified, CLIENT)
    code = read_code(mailoutbox)
    confirm(unverified, VERIFY, unverified.email, code)
    assert confirm(unverified, VERIFY, unverified.email, code).error == "wrong_code"


def test_a_wrong_code_is_refused_and_recorded(unverified, mailoutbox):
    email_codes.request_verification(unverified, CLIENT)
    outcome = confirm(
        unverified, VERIFY, unverified.email, wrong(read_code(mailoutbox))
    )
    assert outcome.error == "wrong_code"
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None
    assert SecurityEvent.objects.filter(kind="code_rejected").count() == 1


def test_the_fifth_guess_may_be_right_the_sixth_may_not(member_factory, mailoutbox):
    first, second = (member_factory(eligible=False) for _ in range(2))
    for member, wrong_guesses in ((first, 4), (second, 5)):
        email_codes.request_verification(member, CLIENT)
        code = read_code(mailoutbox)
        for _ in range(wrong_guesses):
            confirm(member, VERIFY, member.email, wrong(code))
        outcome = confirm(member, VERIFY, member.email, code)
        assert (outcome.error == "") is (member == first)


def test_the_code_lives_ten_minutes(member_factory, mailoutbox, clock):
    on_time, late = (member_factory(eligible=False) for _ in range(2))
    for member, wait in ((on_time, 600), (late, 601)):
        email_codes.request_verification(member, CLIENT)
        code = read_code(mailoutbox)
        clock.shift(timedelta(seconds=wait))
        outcome = confirm(member, VERIFY, member.email, code)
        assert (outcome.error == "") is (member == on_time)


def test_verification_codes_have_the_reset_codes_budget(unverified, mailoutbox, clock):
    for _ in range(7):
        email_codes.request_verification(unverified, CLIENT)
        clock.shift(timedelta(seconds=61))
    assert len(mailoutbox) == 5
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
    code = codes.issue_code(member, codes.Purpose.PASSWORD_RESET)
    assert confirm(member, VERIFY, member.email, code).error == "wrong_code"


def test_a_change_goes_through_only_with_the_code_from_the_new_address(
    member, mailoutbox
):
    email_address.request_change(member, "siti.baru@example.com", CLIENT)
    assert mailoutbox[-1].to == ["siti.baru@example.com"]
    assert mailoutbox[-1].subject == "Konfirmasi alamat email JMO baru Anda"
    member.refresh_from_db()
    assert member.email == "siti@example.com"  # nothing changes before the code
    outcome = confirm(member, CHANGE, "siti.baru@example.com", read_code(mailoutbox))
    assert outcome.error == ""
    member.refresh_from_db()
    assert member.email == "siti.baru@example.com"
    assert SecurityEvent.objects.get(kind="email_changed").detail == (
        "from siti@example.com"
    )


def test_the_old_address_is_told_of_the_change(member, mailoutbox):
    email_address.request_change(member, "siti.baru@example.com", CLIENT)
    confirm(member, CHANGE, "siti.baru@example.com", read_code(mailoutbox))
    notice = mailoutbox[-1]
    assert notice.to == ["siti@example.com"]
    assert notice.subject == "Alamat email akun JMO Anda telah diganti"
    assert "s***@example.com" in notice.body


def test_a_change_code_confirms_only_the_address_it_was_mailed_to(member, mailoutbox):
    email_address.request_change(member, "siti.baru@example.com", CLIENT)
    code = read_code(mailoutbox)
    outcome = confirm(member, CHANGE, "penyerang@example.com", code)
    assert outcome.error == "wrong_code"
    member.refresh_from_db()
    assert member.email == "siti@example.com"


def test_a_change_to_an_address_in_use_mails_its_owner_and_no_code(
    member, member_factory, mailoutbox
):
    owner = member_factory(email="budi@example.com")
    email_address.request_change(member, owner.email, CLIENT)
    assert [message.to for message in mailoutbox] == [["budi@example.com"]]
    assert not VerificationCode.objects.exists()
    for guess in ("000000", "123456"):
        assert confirm(member, CHANGE, owner.email, guess).error == "wrong_code"


def test_an_address_taken_between_request_and_code_is_refused(
    member, member_factory, mailoutbox
):
    email_address.request_change(member, "rebut@example.com", CLIENT)
    code = read_code(mailoutbox)
    member_factory(email="rebut@example.com")
    outcome = confirm(member, CHANGE, "rebut@example.com", code)
    assert outcome.error == "address_taken"
    member.refresh_from_db()
    assert member.email == "siti@example.com"


def test_after_a_change_the_new_address_logs_in_and_the_old_does_not(
    member, mailoutbox
):
    email_address.request_change(member, "siti.baru@example.com", CLIENT)
    confirm(member, CHANGE, "siti.baru@example.com", read_code(mailoutbox))
    assert log_in("siti.baru@example.com", "Lama1234", CLIENT).member == member
    assert log_in("siti@example.com", "Lama1234", CLIENT).error == "invalid_login"


def test_confirm_without_a_member_checks_nothing_and_records_the_try(db):
    outcome = email_address.confirm(None, VERIFY, "x@example.com", "123456", CLIENT)
    assert outcome.error == "wrong_code"
    assert SecurityEvent.objects.get(kind="code_rejected").email == "x@example.com"


def test_an_inactive_member_cannot_confirm(member_factory, mailoutbox):
    member = member_factory(eligible=False)
    email_codes.request_verification(member, CLIENT)
    Member.objects.filter(pk=member.pk).update(is_active=False)
    member.refresh_from_db()
    code = read_code(mailoutbox)
    assert confirm(member, VERIFY, member.email, code).error == "wrong_code"
