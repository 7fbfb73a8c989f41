"""accounts/codes.py at its edges: lifetime, attempts, limits, single use, storage."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.codes import (
    CodeRefused,
    Purpose,
    issue_code,
    use_verified_code,
    verify_code,
)
from accounts.models import VerificationCode

RESET = Purpose.PASSWORD_RESET


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def seed_codes(member, count, age):
    """Codes created `age` ago, to test the caps without waiting out cool-downs."""
    created = timezone.now() - age
    VerificationCode.objects.bulk_create(
        VerificationCode(
            member=member,
            purpose=RESET,
            code_hash="0" * 64,
            created_at=created,
            expires_at=created + timedelta(minutes=10),
            retired_at=created,
        )
        for _ in range(count)
    )


def test_issued_code_is_six_digits(member):
    code = issue_code(member, RESET)
    assert len(code) == 6 and code.isdigit()


def test_code_is_stored_only_as_a_keyed_hash(member):
    code = issue_code(member, RESET)
    row = VerificationCode.objects.values().get()
    assert len(row["code_hash"]) == 64
    assert all(code not in str(value) for value in row.values())


def test_code_verifies_at_exactly_its_lifetime(member, clock):
    code = issue_code(member, RESET)
    clock.shift(timedelta(seconds=600))
    assert verify_code(member, RESET, code) is not None


def test_code_is_dead_one_second_after_its_lifetime(member, clock):
    code = issue_code(member, RESET)
    clock.shift(timedelta(seconds=601))
    assert verify_code(member, RESET, code) is None


def test_right_code_on_the_fifth_attempt_verifies(member):
    code = issue_code(member, RESET)
    for _ in range(4):
        assert verify_code(member, RESET, wrong_code(code)) is None
    assert verify_code(member, RESET, code) is not None


def test_five_wrong_codes_kill_the_code(member):
    code = issue_code(member, RESET)
    for _ in range(5):
        verify_code(member, RESET, wrong_code(code))
    assert verify_code(member, RESET, code) is None
    assert VerificationCode.objects.get().attempts == 5


def test_code_with_surrounding_spaces_verifies(member):
    code = issue_code(member, RESET)
    assert verify_code(member, RESET, f"  {code} ") is not None


def test_verified_code_cannot_be_verified_again(member):
    code = issue_code(member, RESET)
    assert verify_code(member, RESET, code) is not None
    assert verify_code(member, RESET, code) is None


def test_code_of_another_member_does_not_verify(member, member_factory, monkeypatch):
    monkeypatch.setattr("accounts.codes.secrets.randbelow", lambda _: 123456)
    other = member_factory()
    issue_code(other, RESET)
    monkeypatch.setattr("accounts.codes.secrets.randbelow", lambda _: 654321)
    issue_code(member, RESET)
    assert verify_code(member, RESET, "123456") is None


def test_new_code_retires_the_older_one(member, clock, monkeypatch):
    monkeypatch.setattr("accounts.codes.secrets.randbelow", lambda _: 111111)
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=60))
    monkeypatch.setattr("accounts.codes.secrets.randbelow", lambda _: 222222)
    issue_code(member, RESET)
    assert verify_code(member, RESET, "111111") is None
    assert verify_code(member, RESET, "222222") is not None


def test_second_code_within_the_cooldown_is_refused(member, clock):
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=59))
    with pytest.raises(CodeRefused) as refused:
        issue_code(member, RESET)
    assert refused.value.reason == "code_cooldown"


def test_second_code_after_the_cooldown_is_issued(member, clock):
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=61))
    assert issue_code(member, RESET)


def test_sixth_code_in_an_hour_is_refused(member):
    seed_codes(member, 5, age=timedelta(minutes=30))
    with pytest.raises(CodeRefused) as refused:
        issue_code(member, RESET)
    assert refused.value.reason == "code_hourly_cap"


def test_fifth_code_in_an_hour_is_issued(member):
    seed_codes(member, 4, age=timedelta(minutes=30))
    assert issue_code(member, RESET)


def test_eleventh_code_in_a_day_is_refused(member):
    seed_codes(member, 10, age=timedelta(hours=5))
    with pytest.raises(CodeRefused) as refused:
        issue_code(member, RESET)
    assert refused.value.reason == "code_daily_cap"


def test_verified_code_is_used_once(member):
    code = issue_code(member, RESET)
    verified = verify_code(member, RESET, code)
    assert use_verified_code(verified.pk) is not None
    assert use_verified_code(verified.pk) is None


def test_unverified_code_cannot_be_used(member):
    issue_code(member, RESET)
    assert use_verified_code(VerificationCode.objects.get().pk) is None


def test_verified_code_is_usable_for_ten_minutes(member, clock):
    verified = verify_code(member, RESET, issue_code(member, RESET))
    clock.shift(timedelta(seconds=600))
    assert use_verified_code(verified.pk) is not None


def test_verified_code_is_unusable_after_ten_minutes(member, clock):
    verified = verify_code(member, RESET, issue_code(member, RESET))
    clock.shift(timedelta(seconds=601))
    assert use_verified_code(verified.pk) is None
