"""
What a logged-in member does to their own account.

Invariants:
- Changing the password or the email needs the current password; a wrong one counts
  as a failed login, so a stolen session cannot be used to guess it without locking
  the account.
- A change ends every other session of the member (the session hash changes), is
  recorded, and mails a "password changed" notice.
- A repeated request moments later (a double tap) lands where the first did and
  changes, records and mails nothing again.
- Each change draws from the address's hash budget and the member's budget of
  changes (core/limits.py) before any hash.
"""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.core import limits, lockout, tasks
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member

from . import devices

# How long an identical request still counts as a repeat of the first (a double tap
# on a slow network arrives within seconds).
REPEAT_WINDOW = timedelta(seconds=60)


def draw_change_budgets(member: Member, client: Client) -> None:
    """A sensitive change costs hashes and mails: the address's and the member's
    budgets pay for it first (BudgetExhausted past either)."""
    limits.draw_hash(client.ip)
    limits.draw(limits.ACCOUNT_CHANGES_PER_MEMBER, str(member.pk))


def check_current_password(member: Member, password: str, client: Client) -> str:
    """Return "" if right, else "wrong_password" or "account_locked"."""
    if member.is_locked(timezone.now()):  # refused before any hash or budget
        return "account_locked"
    draw_change_budgets(member, client)
    return _check_current_password(member, password, client)


def _check_current_password(member: Member, password: str, client: Client) -> str:
    if member.is_locked(timezone.now()):
        return "account_locked"
    if not member.check_password(password):
        locked = lockout.record_failed_login(member, client)
        return "account_locked" if locked else "wrong_password"
    return ""


def change_password(
    member: Member, current: str, new: str, client: Client, session_key: str
) -> str:
    """
    Return "" on success, else "wrong_password" or "account_locked". The repeat of a
    change made moments ago (a double tap: its current password is the old one, its
    new one is in place) succeeds again without changing anything or counting a
    failure. `member` comes back with the password now in force.
    """
    if member.is_locked(timezone.now()):
        return "account_locked"
    draw_change_budgets(member, client)
    new_hash = make_password(new)  # slow on purpose: outside the lock
    with transaction.atomic():
        fresh = Member.objects.select_for_update(no_key=True).get(pk=member.pk)
        if _repeats_recent_change(fresh, current, new):
            member.password = fresh.password
            return ""
        error = _check_current_password(fresh, current, client)
        if error:
            return error
        fresh.password = new_hash
        fresh.save(update_fields=["password"])  # retires the member's codes
        devices.forget_others(fresh, session_key)
        record_event(Kind.PASSWORD_CHANGED, client=client, member=fresh, detail="self")
    member.password = fresh.password
    tasks.send_password_changed.enqueue(member.pk, client.language)
    return ""


def _repeats_recent_change(member: Member, current: str, new: str) -> bool:
    since = timezone.now() - REPEAT_WINDOW
    changed_recently = member.security_events.filter(
        kind=Kind.PASSWORD_CHANGED, detail="self", created_at__gte=since
    ).exists()
    return changed_recently and current != new and member.check_password(new)


def update_member_data(
    member: Member, phone: str, address: str, client: Client
) -> None:
    """
    Pengkinian data: the member confirms current contact data. The same data sent
    again moments later (a double tap) changes nothing and records nothing.
    """
    with transaction.atomic():
        fresh = Member.objects.select_for_update(no_key=True).get(pk=member.pk)
        updated = fresh.data_updated_at
        if (
            (fresh.phone, fresh.address) == (phone, address)
            and updated
            and (timezone.now() - updated < REPEAT_WINDOW)
        ):
            return
        member.phone, member.address = phone, address
        member.data_updated_at = timezone.now()
        member.save(update_fields=["phone", "address", "data_updated_at"])
        record_event(Kind.DATA_UPDATED, client=client, member=member)
