"""
The steps of the member journey, called by the views, the admin and the commands.

Invariants:
- `request_reset` does the same work for every address: one event and one task. What
  depends on the account happens in the task (tasks.send_reset_code).
- `verify_reset_code` does one code hash for every address, known or not.
- `complete_reset` changes the password only if it wins the single use of a verified
  code; the change ends the member's other sessions (the session hash changes),
  unlocks the account and mails a notice. It never logs the member in.
- `log_in` checks one password hash for every address, and refuses a locked member
  even when the password is right.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.tasks import TaskResult

from accounts.core import codes, lockout
from accounts.core.tasks import send_password_changed
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member

from . import tasks


def request_reset(email: str, client: Client) -> TaskResult:
    record_event(Kind.CODE_REQUESTED, client=client, email=email)
    return tasks.send_reset_code.enqueue(
        email, client.ip, client.user_agent, client.language
    )


def _member_by_email(email: str) -> Member | None:
    return Member.objects.filter(email=email, is_active=True).first()


def verify_reset_code(email: str, code: str, client: Client) -> int | None:
    """Return the id of the verified code, or None for any wrong or dead code."""
    purpose = codes.Purpose.PASSWORD_RESET
    member = _member_by_email(email)
    if member is None or not member.is_eligible_for_reset:
        codes.hash_code(0, purpose, code)  # the same hashing work as a real check
        record_event(Kind.CODE_REJECTED, client=client, email=email)
        return None
    verified = codes.verify_code(member, purpose, code)
    if verified is None:
        record_event(Kind.CODE_REJECTED, client=client, member=member)
        return None
    record_event(Kind.CODE_VERIFIED, client=client, member=member)
    return verified.pk


def refuse_spent_session(email: str, client: Client) -> None:
    """A code entered after the session ran out of tries: refused unread, recorded."""
    record_event(Kind.CODE_REJECTED, client=client, email=email, detail="session_spent")


def complete_reset(code_pk: int, new_password: str, client: Client) -> bool:
    """Set the new password if the verified code is still unused; True on success."""
    password_hash = make_password(new_password)  # slow on purpose: outside the lock
    with transaction.atomic():
        code = codes.use_verified_code(code_pk)
        if code is None:
            return False
        member = code.member
        member.password = password_hash
        member.save(update_fields=["password"])
        member.device_sessions.all().delete()  # every session of the member just ended
        lockout.unlock(member, client, detail="password_reset")
        record_event(Kind.PASSWORD_CHANGED, client=client, member=member)
    send_password_changed.enqueue(member.pk, client.language)
    return True
