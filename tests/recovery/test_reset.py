"""The journey steps of accounts/recovery.py and the task that mails codes."""

import re

import pytest
from django.tasks import TaskResultStatus

from accounts.core.clients import Client
from accounts.core.journeys import Outcome
from accounts.login import authentication
from accounts.models import SecurityEvent, VerificationCode
from accounts.recovery import reset as recovery
from tests.conftest import read_code

CLIENT = Client(ip="198.51.100.4", user_agent="pytest")
BINDING = "b" * 64


@pytest.fixture
def broken_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.BrokenMailServer"}}


def verified_journey(member, mailoutbox):
    """Start a reset in BINDING's browser and enter the mailed code; the binding."""
    recovery.start_reset(BINDING, member.email, CLIENT)
    step = recovery.verify_reset_code(BINDING, read_code(mailoutbox), CLIENT)
    assert step.outcome is Outcome.VERIFIED
    return BINDING


def test_request_for_unknown_email_records_it_and_sends_nothing(db, mailoutbox):
    recovery.request_reset("nobody@example.com", CLIENT)
    assert mailoutbox == []
    assert list(SecurityEvent.objects.values_list("kind", "email")) == [
        ("code_requested", "nobody@example.com")
    ]


def test_request_for_eligible_member_mails_a_code(member, mailoutbox):
    recovery.request_reset(member.email, CLIENT)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [member.email]
    assert len(read_code(mailoutbox)) == 6
    assert SecurityEvent.objects.filter(kind="code_sent", member=member).exists()


def test_request_for_not_eligible_member_mails_what_to_do_instead(
    member_factory, mailoutbox
):
    pending = member_factory(eligible=False)
    recovery.request_reset(pending.email, CLIENT)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [pending.email]
    assert "pengkinian data" in mailoutbox[0].body
    assert "175" in mailoutbox[0].body
    assert SecurityEvent.objects.filter(kind="not_eligible_notice").count() == 1


def test_request_for_not_eligible_member_creates_no_code(member_factory, mailoutbox):
    recovery.request_reset(member_factory(eligible=False).email, CLIENT)
    assert not VerificationCode.objects.exists()
    message = mailoutbox[0]
    for text in [message.body, message.alternatives[0].content]:
        assert not re.search(r"\d{6}", text)


def test_request_for_member_with_unverified_email_creates_no_code(
    member_factory, mailoutbox
):
    unverified = member_factory(email_verified_at=None)
    recovery.request_reset(unverified.email, CLIENT)
    assert not VerificationCode.objects.exists()
    assert "pengkinian data" in mailoutbox[0].body


def test_code_email_is_in_indonesian_with_lifetime_and_warning(member, mailoutbox):
    recovery.request_reset(member.email, CLIENT)
    message = mailoutbox[0]
    assert message.subject == "Kode verifikasi JMO Anda"
    assert "berlaku 10 menit" in message.body
    assert "abaikan email ini" in message.body
    assert message.alternatives[0].mimetype == "text/html"


def test_code_email_follows_the_language_of_the_request(member, mailoutbox):
    recovery.request_reset(member.email, Client(language="en"))
    assert mailoutbox[0].subject == "Your JMO verification code"


def test_mail_server_failure_is_recorded_and_not_raised(member, broken_mail):
    result = recovery.request_reset(member.email, CLIENT)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "code_failed"
    failed = SecurityEvent.objects.get(kind="code_failed", member=member)
    assert "connection refused" in failed.detail


def test_code_whose_email_failed_is_withdrawn(member, broken_mail):
    recovery.request_reset(member.email, CLIENT)
    assert not VerificationCode.objects.exists()


def test_request_past_the_hourly_cap_is_recorded(member, mailoutbox, settings):
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0
    for _ in range(6):
        recovery.request_reset(member.email, CLIENT)
    assert VerificationCode.objects.count() == 5
    assert len(mailoutbox) == 6  # five codes, then the notice of the limit
    throttled = SecurityEvent.objects.get(kind="code_throttled")
    assert throttled.detail == "code_hourly_cap"


def test_verify_for_unknown_email_is_refused_and_recorded(db):
    recovery.start_reset(BINDING, "nobody@example.com", CLIENT)
    step = recovery.verify_reset_code(BINDING, "123456", CLIENT)
    assert step.outcome is Outcome.WRONG_CODE
    assert SecurityEvent.objects.filter(kind="code_rejected").count() == 1


def test_complete_reset_changes_the_password(member, mailoutbox):
    binding = verified_journey(member, mailoutbox)
    step = recovery.complete_reset(binding, "BPjs234", CLIENT)
    assert step.outcome is Outcome.COMPLETED
    member.refresh_from_db()
    assert member.check_password("BPjs234")


def lock(member):
    for _ in range(5):
        authentication.log_in(member.email, "Salah123", CLIENT)


def test_complete_reset_unlocks_a_locked_member(member, mailoutbox):
    lock(member)
    binding = verified_journey(member, mailoutbox)
    recovery.complete_reset(binding, "BPjs234", CLIENT)
    member.refresh_from_db()
    assert member.locked_until is None and member.failed_login_count == 0
    assert authentication.log_in(member.email, "BPjs234", CLIENT).member == member


def test_complete_reset_of_a_locked_member_records_change_and_unlock(
    member, mailoutbox
):
    lock(member)
    binding = verified_journey(member, mailoutbox)
    recovery.complete_reset(binding, "BPjs234", CLIENT)
    kinds = SecurityEvent.objects.filter(member=member).values_list("kind", flat=True)
    assert list(kinds).count("password_changed") == 1
    assert list(kinds).count("unlocked") == 1


def test_complete_reset_mails_the_password_changed_notice(member, mailoutbox):
    binding = verified_journey(member, mailoutbox)
    recovery.complete_reset(binding, "BPjs234", CLIENT)
    assert len(mailoutbox) == 2
    assert mailoutbox[-1].to == [member.email]
    assert mailoutbox[-1].subject == "Kata sandi JMO Anda telah diubah"


def test_complete_reset_changes_the_password_even_if_the_notice_fails(
    member, mailoutbox, settings
):
    binding = verified_journey(member, mailoutbox)
    settings.MAILERS = {"default": {"BACKEND": "tests.mail.BrokenMailServer"}}
    step = recovery.complete_reset(binding, "BPjs234", CLIENT)
    assert step.outcome is Outcome.COMPLETED
    member.refresh_from_db()
    assert member.check_password("BPjs234")


def test_complete_reset_works_only_once(member, mailoutbox):
    binding = verified_journey(member, mailoutbox)
    recovery.complete_reset(binding, "BPjs234", CLIENT)
    again = recovery.complete_reset(binding, "Lain5678", CLIENT)
    assert again.outcome is Outcome.COMPLETED  # lands where the first one did
    member.refresh_from_db()
    assert member.check_password("BPjs234")


def test_second_complete_reset_records_and_mails_nothing(member, mailoutbox):
    binding = verified_journey(member, mailoutbox)
    recovery.complete_reset(binding, "BPjs234", CLIENT)
    events, mails = SecurityEvent.objects.count(), len(mailoutbox)
    recovery.complete_reset(binding, "Lain5678", CLIENT)
    assert (SecurityEvent.objects.count(), len(mailoutbox)) == (events, mails)


def test_complete_reset_with_an_unverified_code_changes_nothing(member, mailoutbox):
    recovery.start_reset(BINDING, member.email, CLIENT)
    assert VerificationCode.objects.get().verified_at is None
    step = recovery.complete_reset(BINDING, "BPjs234", CLIENT)
    assert step.outcome is Outcome.ENDED
    member.refresh_from_db()
    assert member.check_password("Lama1234")
