"""
What a logged-in member does to their own account.

Invariants:
- Changing the password or the email needs the current password; a wrong one counts
  as a failed login, so a stolen session cannot be used to guess it without locking
  the account.
- A change ends every other session of the member (the session hash changes), is
  recorded, and mails a "password changed" notice.
"""

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.core import lockout, tasks
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member

from . import devices


def check_current_password(member: Member, password: str, client: Client) -> str:
    """Return "" if right, else "wrong_password" or "account_locked"."""
    if member.is_locked(timezone.now()):
        return "account_locked"
    if not member.check_password(password):
        locked = lockout.record_failed_login(member, client)
        return "account_locked" if locked else "wrong_password"
    return ""


def change_password(
    member: Member, current: str, new: str, client: Client, session_key: str
) -> str:
    """Return "" on success, else "wrong_password" or "account_locked"."""
    error = check_current_password(member, current, client)
    if error:
        return error
    member.password = make_password(new)
    member.save(update_fields=["password"])
    devices.forget_others(member, session_key)
    record_event(Kind.PASSWORD_CHANGED, client=client, member=member, detail="self")
    tasks.send_password_changed.enqueue(member.pk, client.language)
    return ""


def update_member_data(
    member: Member, phone: str, address: str, client: Client
) -> None:
    """Pengkinian data: the member confirms current contact data."""
    member.phone, member.address = phone, address
    member.data_updated_at = timezone.now()
    member.save(update_fields=["phone", "address", "data_updated_at"])
    record_event(Kind.DATA_UPDATED, client=client, member=member)
