"""
codes.refusals (why issue_code would refuse now, and until when) and the operator's
waiver that lets one code past the caps.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.core.codes import (
    WAIVER_TTL,
    CodeRefused,
    Purpose,
    Refusal,
    issue_code,
    open_waiver,
    refusals,
)
from accounts.models import LimitWaiver, VerificationCode

RESET = Purpose.PASSWORD_RESET


def seed_codes(member, ages, known_device=False):
    """One reset code per age (a timedelta before now)."""
    now = timezone.now()
    VerificationCode.objects.bulk_create(
        VerificationCode(
            member=member,
            purpose=RESET,
            code_hash="0" * 64,
            created_at=now - age,
            expires_at=now - age + timedelta(minutes=10),
            retired_at=now - age,
            from_known_device=known_device,
        )
        for age in ages
    )


def refusal_of_issue_code(member) -> str:
    with pytest.raises(CodeRefused) as refused:
        issue_code(member, RESET)
    return refused.value.reason


def grant_waiver(member, age=timedelta(0)):
    return LimitWaiver.objects.create(
        member=member,
        reason="verified_by_phone",
        created_at=timezone.now() - age,
    )


def test_no_refusal_for_a_member_without_codes(member, clock):
    assert refusals(member, RESET, timezone.now()) == []


def test_cooldown_refusal_lifts_a_minute_after_the_last_code(member, clock):
    issue_code(member, RESET)
    now = timezone.now()
    assert refusals(member, RESET, now) == [
        Refusal("code_cooldown", now + timedelta(seconds=60))
    ]


def test_issue_code_refuses_one_second_before_the_cooldown_lifts(member, clock):
    issue_code(member, RESET)
    until = refusals(member, RESET, timezone.now())[0].until
    clock.move_to(until - timedelta(seconds=1))
    assert refusal_of_issue_code(member) == "code_cooldown"


def test_issue_code_agrees_exactly_when_the_cooldown_lifts(member, clock):
    issue_code(member, RESET)
    until = refusals(member, RESET, timezone.now())[0].until
    clock.move_to(until)
    assert refusals(member, RESET, timezone.now()) == []
    assert issue_code(member, RESET)


def test_hourly_cap_lifts_when_the_oldest_of_the_hour_leaves_it(member, clock):
    seed_codes(member, [timedelta(minutes=m) for m in (50, 40, 30, 20, 10)])
    now = timezone.now()
    assert refusals(member, RESET, now) == [
        Refusal("code_hourly_cap", now + timedelta(minutes=10))
    ]


def test_hourly_cap_with_more_codes_than_the_cap_waits_for_enough_to_leave(
    member, clock, settings
):
    settings.JMO_CODES_PER_DAY = 20
    seed_codes(member, [timedelta(minutes=m) for m in (55, 50, 40, 30, 20, 10)])
    now = timezone.now()
    # Six codes, cap five: the two oldest must leave, the second at 50 minutes old.
    assert refusals(member, RESET, now)[0].until == now + timedelta(minutes=10)


def test_issue_code_agrees_exactly_when_the_hourly_cap_lifts(member, clock):
    seed_codes(member, [timedelta(minutes=m) for m in (50, 40, 30, 20, 10)])
    until = refusals(member, RESET, timezone.now())[0].until
    clock.move_to(until - timedelta(seconds=1))
    assert refusal_of_issue_code(member) == "code_hourly_cap"
    clock.move_to(until)
    assert issue_code(member, RESET)


def test_daily_cap_lifts_when_the_oldest_of_the_day_leaves_it(member, clock):
    seed_codes(member, [timedelta(hours=h) for h in range(14, 24)])
    now = timezone.now()
    assert refusals(member, RESET, now) == [
        Refusal("code_daily_cap", now + timedelta(hours=1))
    ]


def test_several_limits_are_listed_in_the_order_issue_code_checks_them(member, clock):
    seed_codes(member, [timedelta(seconds=10)] * 5 + [timedelta(hours=5)] * 5)
    reasons = [refusal.reason for refusal in refusals(member, RESET, timezone.now())]
    assert reasons == ["code_cooldown", "code_hourly_cap", "code_daily_cap"]
    assert refusal_of_issue_code(member) == reasons[0]


def test_codes_of_the_known_device_pool_do_not_count(member, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5, known_device=True)
    assert refusals(member, RESET, timezone.now()) == []
    assert refusals(member, RESET, timezone.now(), known_device=True) != []


def test_refusals_write_nothing(member, clock, django_assert_num_queries):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    with django_assert_num_queries(2):  # the codes, the open waiver
        refusals(member, RESET, timezone.now())


def test_open_waiver_lifts_the_caps_in_the_answer(member, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    grant_waiver(member)
    assert refusals(member, RESET, timezone.now()) == []


def test_open_waiver_does_not_lift_the_cooldown(member, clock):
    seed_codes(member, [timedelta(seconds=10)] * 5)
    grant_waiver(member)
    reasons = [refusal.reason for refusal in refusals(member, RESET, timezone.now())]
    assert reasons == ["code_cooldown"]
    assert refusal_of_issue_code(member) == "code_cooldown"


def test_waiver_lets_one_code_past_the_hourly_cap(member, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    waiver = grant_waiver(member)
    assert issue_code(member, RESET)
    waiver.refresh_from_db()
    assert waiver.used_at == timezone.now()


def test_waiver_serves_one_code_only(member, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    grant_waiver(member)
    issue_code(member, RESET)
    clock.shift(timedelta(seconds=60))
    assert refusal_of_issue_code(member) == "code_hourly_cap"


def test_waiver_lets_one_code_past_the_daily_cap(member, clock):
    seed_codes(member, [timedelta(hours=5)] * 10)
    grant_waiver(member)
    assert issue_code(member, RESET)


def test_waiver_is_kept_when_no_cap_refuses(member, clock):
    waiver = grant_waiver(member)
    issue_code(member, RESET)
    waiver.refresh_from_db()
    assert waiver.used_at is None


def test_waiver_lapses_after_its_time(member, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    grant_waiver(member, age=WAIVER_TTL)
    assert open_waiver(member, timezone.now()) is None
    assert refusal_of_issue_code(member) == "code_hourly_cap"


def test_waiver_of_another_member_does_not_count(member, member_factory, clock):
    seed_codes(member, [timedelta(minutes=10)] * 5)
    grant_waiver(member_factory())
    assert refusal_of_issue_code(member) == "code_hourly_cap"
