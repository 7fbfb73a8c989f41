"""
The login check, for the login page and every authenticate() call (the admin's too).

Invariants:
- Every attempt draws from the client address's hash budget before anything else.
- `log_in` checks one password hash for every address, known or not, so the answer
  time does not tell who is registered; a locked account (or locked unknown address)
  is refused before any hash, alike for both.
- A locked member is refused even when the password is right, except in a browser
  the member proved themselves in (known_devices.py), whose failures count against
  that browser alone.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.core import known_devices, limits, lockout
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member


def _member_by_email(email: str) -> Member | None:
    return Member.objects.filter(email=email, is_active=True).first()


@dataclass(frozen=True)
class LoginOutcome:
    member: Member | None = None
    error: str = ""  # "invalid_login" or "account_locked"
    # Wrong passwords left before the lock, alike for unknown addresses; 0 when
    # not counted (a lock, a success, or a browser exempt from the lock).
    tries_left: int = 0


def log_in(email: str, password: str, client: Client) -> LoginOutcome:
    limits.draw_hash(client.ip)
    member = _member_by_email(email)
    if known_devices.is_known(client, member):
        return _log_in_from_known_device(member, password, client)
    if _locked(member, email):  # refused before any hash: a lock costs nothing
        record_event(
            Kind.LOGIN_FAILED,
            client=client,
            member=member,
            email=email,
            detail="locked",
        )
        return LoginOutcome(error="account_locked")
    if member is None:
        make_password(password)  # pay for one hash, as a real check does
        return _refused(lockout.count_failed_login(email, client))
    if not member.check_password(password):
        return _refused(lockout.count_failed_login(member.email, client))
    lockout.record_successful_login(member, client)
    return LoginOutcome(member=member)


def _refused(tries_left: int) -> LoginOutcome:
    if not tries_left:  # this failure locked the account
        return LoginOutcome(error="account_locked")
    return LoginOutcome(error="invalid_login", tries_left=tries_left)


def _locked(member: Member | None, email: str) -> bool:
    if member is None:
        return lockout.unknown_email_is_locked(email)
    return member.is_locked(timezone.now())


def _log_in_from_known_device(member: Member, password: str, client: Client):
    """A browser the member proved themselves in: its own budget, no lock."""
    if not member.check_password(password):
        known_devices.record_failure(client)
        record_event(
            Kind.LOGIN_FAILED, client=client, member=member, detail="known_device"
        )
        return LoginOutcome(error="invalid_login")
    known_devices.forget_failures(client)
    record_event(Kind.LOGIN_OK, client=client, member=member, detail="known_device")
    return LoginOutcome(member=member)
