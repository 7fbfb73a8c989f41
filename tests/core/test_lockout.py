"""Login failures, lock and unlock (accounts/lockout.py through recovery.log_in)."""

from datetime import timedelta

from django.utils import timezone

from accounts.core.clients import Client
from accounts.core.lockout import unlock
from accounts.login.authentication import log_in
from accounts.models import SecurityEvent

CLIENT = Client(ip="203.0.113.7", user_agent="pytest")


def fail_times(email, count):
    return [log_in(email, "Salah123", CLIENT).error for _ in range(count)]


def test_right_password_logs_in(member):
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_four_failures_do_not_lock(member):
    assert fail_times(member.email, 4) == ["invalid_login"] * 4
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_fifth_failure_locks_for_thirty_minutes(member, clock):
    assert fail_times(member.email, 5)[-1] == "account_locked"
    member.refresh_from_db()
    assert member.locked_until == timezone.now() + timedelta(minutes=30)


def test_locked_member_is_refused_with_the_right_password(member):
    fail_times(member.email, 5)
    assert log_in(member.email, "Lama1234", CLIENT).error == "account_locked"


def test_lock_still_holds_one_second_before_thirty_minutes(member, clock):
    fail_times(member.email, 5)
    clock.shift(timedelta(minutes=29, seconds=59))
    assert log_in(member.email, "Lama1234", CLIENT).error == "account_locked"


def test_lock_ends_at_exactly_thirty_minutes(member, clock):
    fail_times(member.email, 5)
    clock.shift(timedelta(minutes=30))
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_right_password_works_thirty_minutes_and_one_second_after_the_lock(
    member, clock
):
    fail_times(member.email, 5)
    clock.shift(timedelta(minutes=30, seconds=1))
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_wrong_passwords_during_the_lock_do_not_extend_it(member, clock):
    fail_times(member.email, 5)
    clock.shift(timedelta(minutes=20))
    fail_times(member.email, 3)
    clock.shift(timedelta(minutes=10))
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_failures_after_a_lock_ran_out_start_counting_again(member, clock):
    fail_times(member.email, 5)
    clock.shift(timedelta(minutes=31))
    assert fail_times(member.email, 4) == ["invalid_login"] * 4


def test_success_resets_the_failure_count(member):
    fail_times(member.email, 4)
    log_in(member.email, "Lama1234", CLIENT)
    assert fail_times(member.email, 4) == ["invalid_login"] * 4


def test_unlock_clears_the_lock_and_records_it(member):
    fail_times(member.email, 5)
    member.refresh_from_db()
    assert unlock(member, CLIENT, detail="admin") is True
    member.refresh_from_db()
    assert member.locked_until is None and member.failed_login_count == 0
    assert SecurityEvent.objects.filter(kind="unlocked", member=member).count() == 1
    assert log_in(member.email, "Lama1234", CLIENT).member == member


def test_unlock_of_an_unlocked_member_records_nothing(member):
    assert unlock(member, CLIENT) is False
    assert not SecurityEvent.objects.filter(kind="unlocked").exists()


def test_every_failure_is_recorded(member):
    fail_times(member.email, 5)
    events = SecurityEvent.objects.filter(kind="login_failed", member=member)
    assert events.count() == 5
    assert {event.ip for event in events} == {"203.0.113.7"}


def test_refused_login_of_a_locked_member_is_recorded(member):
    fail_times(member.email, 5)
    log_in(member.email, "Lama1234", CLIENT)
    refused = SecurityEvent.objects.filter(kind="login_failed", detail="locked")
    assert refused.count() == 1


def test_lock_is_recorded(member):
    fail_times(member.email, 5)
    assert SecurityEvent.objects.filter(kind="locked", member=member).count() == 1


def test_unknown_email_shows_the_same_lock_as_a_member(db):
    errors = fail_times("nobody@example.com", 6)
    assert errors == ["invalid_login"] * 4 + ["account_locked"] * 2


def test_unknown_email_lock_ends_after_thirty_minutes_like_a_member(db, clock):
    fail_times("nobody@example.com", 5)
    clock.shift(timedelta(minutes=29, seconds=59))
    assert fail_times("nobody@example.com", 1) == ["account_locked"]
    clock.shift(timedelta(seconds=2))
    assert fail_times("nobody@example.com", 1) == ["invalid_login"]


def test_failures_spread_over_an_hour_lock_a_member(member, clock):
    fail_times(member.email, 4)
    clock.shift(timedelta(minutes=31))
    assert fail_times(member.email, 1) == ["account_locked"]


# Consecutive failures have no time window for a member; any difference for an
# unknown email tells an attacker which addresses are registered.
def test_failures_spread_over_an_hour_lock_an_unknown_email_like_a_member(db, clock):
    fail_times("nobody@example.com", 4)
    clock.shift(timedelta(minutes=31))
    assert fail_times("nobody@example.com", 1) == ["account_locked"]


def test_every_failure_on_an_unknown_email_is_recorded(db):
    fail_times("nobody@example.com", 7)
    events = SecurityEvent.objects.filter(
        kind="login_failed", email="nobody@example.com"
    )
    assert events.count() == 7


def test_inactive_member_cannot_log_in(member_factory):
    inactive = member_factory(is_active=False)
    assert log_in(inactive.email, "Lama1234", CLIENT).error == "invalid_login"
