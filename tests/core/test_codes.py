"""accounts/codes.py at its edges: lifetime, attempts, limits, single use, storage."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.core.codes import (
    CodeRefused,
    Purpose,
    hash_code,
    issue_code,
    use_verified_code,
    verify_code,
)
from accounts.models import VerificationCode

RESET = Purpose.PASSWORD_RESET


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


@pytest.fixture
def fixed_code(monkeypatch):
    """Make the next codes drawn `value`, so a test can name them."""

    def draw(value):
        monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: value)
        return f"{value:06d}"

    return draw


def test_issued_code_is_six_digits(member):
    assert re.fullmatch(r"\d{6}", issue_code(member, RESET))


def test_code_is_drawn_from_a_million_values_by_secrets(member, monkeypatch):
    bounds = []
    monkeypatch.setattr(
        "accounts.core.codes.secrets.randbelow", lambda bound: bounds.append(bound) or 7
    )
    issue_code(member, RESET)
    assert bounds == [1_000_000]


def test_small_code_keeps_its_leading_zeros(member, fixed_code):
    fixed_code(42)
    assert issue_code(member, RESET) == "000042"


def test_code_is_stored_only_as_a_hash(member, fixed_code):
    fixed_code(424242)
    with time_machine.travel(datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), tick=False):
        issue_code(member, RESET)
    row = VerificationCode.objects.values().get()
    assert re.fullmatch(r"[0-9a-f]{64}", row["code_hash"])
    assert [name for name, value in row.items() if "424242" in str(value)] == []


def test_code_hash_is_keyed_by_the_secret_key(settings):
    settings.SECRET_KEY = "first-secret-key-" + "a" * 40
    first = hash_code(1, RESET, "424242")
    settings.SECRET_KEY = "second-secret-key-" + "b" * 40
    assert hash_code(1, RESET, "424242") != first


def test_code_verifies_at_exactly_its_lifetime(member, clock):
    code = issue_code(member, RESET)
    clock.shift(timedelta(seconds=600))
    assert verify_code(member, RESET, code, sent_to=member.email) is not None


def test_code_is_dead_one_second_after_its_lifetime(member, clock):
    code = issue_code(member, RESET)
    clock.shift(timedelta(seconds=601))
    assert verify_code(member, RESET, code, sent_to=member.email) is None


def test_right_code_on_the_fifth_attempt_verifies(member):
    code = issue_code(member, RESET)
    for _ in range(4):
        assert (
            verify_code(member, RESET, wrong_code(code), sent_to=member.email) is None
        )
    assert verify_code(member, RESET, code, sent_to=member.email) is not None
    assert VerificationCode.objects.get().attempts == 5  # the right code spent one


def test_five_wrong_codes_kill_the_code(member):
    code = issue_code(member, RESET)
    for _ in range(5):
        verify_code(member, RESET, wrong_code(code), sent_to=member.email)
    assert verify_code(member, RESET, code, sent_to=member.email) is None
    assert VerificationCode.objects.get().attempts == 5


def test_code_with_surrounding_spaces_verifies(member):
    code = issue_code(member, RESET)
    assert verify_code(member, RESET, f"  {code} ", sent_to=member.email) is not None


def test_verified_code_cannot_be_verified_again(member):
    code = issue_code(member, RESET)
    assert verify_code(member, RESET, code, sent_to=member.email) is not None
    assert verify_code(member, RESET, code, sent_to=member.email) is None


def test_code_of_another_member_does_not_verify(member, member_factory, fixed_code):
    fixed_code(123456)
    issue_code(member_factory(), RESET)
    fixed_code(654321)
    issue_code(member, RESET)
    assert verify_code(member, RESET, "123456", sent_to=member.email) is None


def test_new_code_retires_the_older_one(member, clock, fixed_code):
    old = fixed_code(111111)
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=60))
    new = fixed_code(222222)
    issue_code(member, RESET)
    assert verify_code(member, RESET, old, sent_to=member.email) is None
    assert verify_code(member, RESET, new, sent_to=member.email) is not None


def test_older_code_stays_dead_after_the_new_one_is_exhausted(
    member, clock, fixed_code
):
    old = fixed_code(111111)
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=60))
    new = fixed_code(222222)
    issue_code(member, RESET)
    for _ in range(5):
        verify_code(member, RESET, wrong_code(new), sent_to=member.email)
    assert verify_code(member, RESET, old, sent_to=member.email) is None


def test_second_code_within_the_cooldown_is_refused(member, clock):
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=59))
    with pytest.raises(CodeRefused) as refused:
        issue_code(member, RESET)
    assert refused.value.reason == "code_cooldown"


def test_second_code_at_exactly_the_end_of_the_cooldown_is_issued(member, clock):
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=60))
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


def test_tenth_code_in_a_day_is_issued(member):
    seed_codes(member, 9, age=timedelta(hours=5))
    assert issue_code(member, RESET)


def test_codes_older_than_a_day_do_not_count(member):
    seed_codes(member, 10, age=timedelta(hours=24, seconds=1))
    assert issue_code(member, RESET)


def test_refused_issue_leaves_the_live_code_alone(member, clock, fixed_code):
    code = fixed_code(135790)
    issue_code(member, RESET)
    with pytest.raises(CodeRefused):
        issue_code(member, RESET)
    assert verify_code(member, RESET, code, sent_to=member.email) is not None


def test_verified_code_is_used_once(member):
    code = issue_code(member, RESET)
    verified = verify_code(member, RESET, code, sent_to=member.email)
    assert use_verified_code(verified)
    assert not use_verified_code(verified)


def test_unverified_code_cannot_be_used(member):
    issue_code(member, RESET)
    assert not use_verified_code(VerificationCode.objects.get())


def test_verified_code_is_usable_for_ten_minutes(member, clock):
    verified = verify_code(
        member, RESET, issue_code(member, RESET), sent_to=member.email
    )
    clock.shift(timedelta(seconds=600))
    assert use_verified_code(verified)


def test_verified_code_is_unusable_after_ten_minutes(member, clock):
    verified = verify_code(
        member, RESET, issue_code(member, RESET), sent_to=member.email
    )
    clock.shift(timedelta(seconds=601))
    assert not use_verified_code(verified)
