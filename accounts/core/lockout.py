"""
Login failures, lock and unlock.

Invariants:
- JMO_LOGIN_MAX_FAILURES consecutive wrong passwords lock the member for
  JMO_LOCKOUT_SECONDS. Locking restarts the count, so after the lock runs out the
  member again has the full number of tries.
- While locked, a login is refused even with the right password.
- A successful login resets the count; a reset, an admin or a command unlocks at once.
- Failures are counted under a row lock, so parallel wrong passwords are all counted.
- An unknown email shows the same lock after the same number of failures, counted in
  the cache (there is no row), so the lock message does not reveal who is registered.
  A member's count has no time window, so the unknown-email count is kept for
  UNKNOWN_EMAIL_MEMORY_SECONDS (a cache needs some bound; a month is far beyond any
  guessing session).
"""

from datetime import timedelta
from hashlib import sha256

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Member

from . import throttle
from .clients import Client
from .events import Kind, record_event

UNKNOWN_EMAIL_MEMORY_SECONDS = 30 * 24 * 3600


def _lock_duration() -> timedelta:
    return timedelta(seconds=settings.JMO_LOCKOUT_SECONDS)


def record_failed_login(member: Member, client: Client) -> bool:
    """Count one wrong password; return True if this failure locked the account."""
    now = timezone.now()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        member.failed_login_count += 1
        locked = member.failed_login_count >= settings.JMO_LOGIN_MAX_FAILURES
        if locked:
            member.failed_login_count = 0
            member.locked_until = now + _lock_duration()
        member.save(update_fields=["failed_login_count", "locked_until"])
    record_event(Kind.LOGIN_FAILED, client=client, member=member)
    if locked:
        record_event(Kind.LOCKED, client=client, member=member)
    return locked


def record_successful_login(member: Member, client: Client) -> None:
    if member.failed_login_count or member.locked_until:  # most logins write nothing
        Member.objects.filter(pk=member.pk).update(
            failed_login_count=0, locked_until=None
        )
    record_event(Kind.LOGIN_OK, client=client, member=member)


def unlock(member: Member, client: Client, detail: str = "") -> bool:
    """Clear the lock and the failure count; return True if the member was locked."""
    was_locked = member.is_locked(timezone.now())
    Member.objects.filter(pk=member.pk).update(failed_login_count=0, locked_until=None)
    member.failed_login_count, member.locked_until = 0, None
    if was_locked:
        record_event(Kind.UNLOCKED, client=client, member=member, detail=detail)
    return was_locked


def _unknown_email_key(email: str) -> str:
    return "lockout:unknown:" + sha256(email.encode()).hexdigest()


def unknown_email_is_locked(email: str) -> bool:
    failures = throttle.read(_unknown_email_key(email))
    return failures >= settings.JMO_LOGIN_MAX_FAILURES


def record_unknown_email_failure(email: str, client: Client) -> bool:
    """The unknown-email twin of record_failed_login; True if now 'locked'."""
    key = _unknown_email_key(email)
    failures = throttle.increment(key, UNKNOWN_EMAIL_MEMORY_SECONDS) or 0
    locked = failures >= settings.JMO_LOGIN_MAX_FAILURES
    if locked:  # the lock lasts from this failure on, as for a member
        throttle.store(key, failures, settings.JMO_LOCKOUT_SECONDS)
    record_event(Kind.LOGIN_FAILED, client=client, email=email, detail="unknown_email")
    return locked
