"""
The login check, for the login page and every authenticate() call (the admin's too).

Invariants:
- `log_in` checks one password hash for every address, known or not, so the answer
  time does not tell who is registered.
- A locked member is refused even when the password is right.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.core import lockout
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member


def _member_by_email(email: str) -> Member | None:
    return Member.objects.filter(email=email, is_active=True).first()


@dataclass(frozen=True)
class LoginOutcome:
    member: Member | None = None
    error: str = ""  # "invalid_login" or "account_locked"


def log_in(email: str, password: str, client: Client) -> LoginOutcome:
    member = _member_by_email(email)
    if member is None:
        make_password(password)  # pay for one hash, as a real check does
        if lockout.unknown_email_is_locked(email):
            record_event(Kind.LOGIN_FAILED, client=client, email=email, detail="locked")
            return LoginOutcome(error="account_locked")
        locked = lockout.record_unknown_email_failure(email, client)
        return LoginOutcome(error="account_locked" if locked else "invalid_login")
    password_ok = member.check_password(password)
    if member.is_locked(timezone.now()):
        record_event(Kind.LOGIN_FAILED, client=client, member=member, detail="locked")
        return LoginOutcome(error="account_locked")
    if not password_ok:
        locked = lockout.record_failed_login(member, client)
        return LoginOutcome(error="account_locked" if locked else "invalid_login")
    lockout.record_successful_login(member, client)
    return LoginOutcome(member=member)
