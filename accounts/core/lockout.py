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


def _lock() -> timedelta:
    return timedelta(seconds=settings.JMO_LOCKOUT_SECONDS)


def record_failed_login(member: Member, client: Client) -> bool:
    """Count one wrong password; return True if this failure locked the account."""
    return _count_failure(member.email, client) == 0


def count_failed_login(email: str, client: Client) -> int:
    """
    Count one wrong password for `email`, a member's or not, alike; return the tries
    left before the lock (0: this failure locked it), for the login page's warning.
    """
    return _count_failure(email, client)


def _count_failure(email: str, client: Client) -> int:
    """
    One wrong password for `email`, with the same statements whether a member has
    the address or not (so the answer time tells nothing): the cache counter, the
    row locked and updated (none for an unknown address), the events. Returns the
    tries left before the lock, 0 when this failure locked.
    """
    key = _unknown_email_key(email)
    remembered = throttle.increment(key, UNKNOWN_EMAIL_MEMORY_SECONDS) or 0
    with transaction.atomic():
        rows = Member.objects.filter(email=email, is_active=True)
        member = rows.select_for_update(no_key=True).first()
        failures = member.failed_login_count + 1 if member else remembered
        locked = failures >= settings.JMO_LOGIN_MAX_FAILURES
        if locked:  # the count starts again after the lock
            rows.update(failed_login_count=0, locked_until=timezone.now() + _lock())
        else:
            rows.update(failed_login_count=failures)
    if locked:  # an unknown address's lock lasts from now on, as a member's does
        throttle.store(key, failures, settings.JMO_LOCKOUT_SECONDS)
    detail = "" if member else "unknown_email"
    record_event(
        Kind.LOGIN_FAILED, client=client, member=member, email=email, detail=detail
    )
    if locked:
        record_event(Kind.LOCKED, client=client, member=member, email=email)
        return 0
    return settings.JMO_LOGIN_MAX_FAILURES - failures


def record_successful_login(member: Member, client: Client) -> None:
    if member.failed_login_count or member.locked_until:  # most logins write nothing
        Member.objects.filter(pk=member.pk).update(
            failed_login_count=0, locked_until=None
        )
    record_event(Kind.LOGIN_OK, client=client, member=member)


# The member's fields that hold the lock and the failures counted towards it.
LOCK_FIELDS = ["failed_login_count", "locked_until"]


def unlock(member: Member, client: Client, detail: str = "", actor=None) -> bool:
    """
    Clear the lock and the failure count; return True if the member was locked.
    `actor` is the operator who unlocked, if one did.
    """
    was_locked = clear_lock(member)
    Member.objects.filter(pk=member.pk).update(failed_login_count=0, locked_until=None)
    record_unlock(member, was_locked, client, detail, actor)
    return was_locked


def clear_lock(member: Member) -> bool:
    """
    Clear the lock and the failure count on `member` only, for a caller that saves
    LOCK_FIELDS with its own change; True if the member was locked.
    """
    was_locked = member.is_locked(timezone.now())
    member.failed_login_count, member.locked_until = 0, None
    return was_locked


def record_unlock(
    member: Member, was_locked: bool, client: Client, detail: str, actor=None
) -> None:
    if was_locked:
        record_event(
            Kind.UNLOCKED, client=client, member=member, detail=detail, actor=actor
        )


def _unknown_email_key(email: str) -> str:
    return "lockout:unknown:" + sha256(email.encode()).hexdigest()


def unknown_email_is_locked(email: str) -> bool:
    failures = throttle.read(_unknown_email_key(email))
    return failures >= settings.JMO_LOGIN_MAX_FAILURES


def record_unknown_email_failure(email: str, client: Client) -> bool:
    """The unknown-email twin of record_failed_login; True if now 'locked'."""
    return _count_failure(email, client) == 0
