"""
Proving that a member reads an email address: the verification of their own address
(after "Daftar", or later from the home page) and the change to a new one.

Invariants:
- The codes are the reset codes' machinery (codes.py) under their own purposes, with
  the same lifetime, attempt cap, resend cool-down and hourly and daily budgets.
- A new address replaces the old one only when the code mailed to the new address is
  entered; the old address is then told. An address that belongs to another member
  gets the same answer as a free one, and its owner is told instead of a code going
  out.
- Each code is used once; a code verifies only the address it was mailed to.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.core import codes
from accounts.core.clients import Client
from accounts.core.email_codes import (
    enqueue_code,
    notify_address_in_use,
    request_verification,
)
from accounts.core.events import Kind, record_event
from accounts.models import Member

from . import tasks

Purpose = codes.Purpose


def request_change(member: Member, new_email: str, client: Client) -> None:
    record_event(
        Kind.EMAIL_CHANGE_REQUESTED, client=client, member=member, email=new_email
    )
    if Member.objects.filter(email=new_email).exclude(pk=member.pk).exists():
        notify_address_in_use(new_email, client)
    else:
        enqueue_code(member, Purpose.EMAIL_CHANGE, new_email, client)


@dataclass(frozen=True)
class Confirmation:
    member: Member | None = None
    error: str = ""  # "", "wrong_code" or "address_taken"


def confirm(
    member: Member | None, purpose: str, email: str, code: str, client: Client
) -> Confirmation:
    """Check the code; on success the member's address is `email`, verified."""
    if member is None or not member.is_active:  # no code was sent to this browser
        codes.hash_code(0, purpose, code)  # the same hashing work as a real check
        record_event(Kind.CODE_REJECTED, client=client, email=email, detail=purpose)
        return Confirmation(error="wrong_code")
    verified = codes.verify_code(member, purpose, code)
    if verified is None or verified.sent_to != email:
        record_event(Kind.CODE_REJECTED, client=client, member=member, detail=purpose)
        return Confirmation(error="wrong_code")
    old_email = member.email
    try:
        with transaction.atomic():
            if codes.use_verified_code(verified.pk) is None:
                return Confirmation(error="wrong_code")
            member.email, member.email_verified_at = email, timezone.now()
            member.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:  # another member took the new address meanwhile
        member.email = old_email
        detail = f"address_taken {email}"
        record_event(Kind.CODE_REJECTED, client=client, member=member, detail=detail)
        return Confirmation(error="address_taken")
    if email == old_email:
        record_event(Kind.EMAIL_VERIFIED, client=client, member=member, detail="code")
    else:
        detail = f"from {old_email}"
        record_event(Kind.EMAIL_CHANGED, client=client, member=member, detail=detail)
        tasks.send_email_changed.enqueue(member.pk, old_email, client.language)
    return Confirmation(member=member)


def resend(purpose: str, member: Member | None, email: str, client: Client) -> None:
    """Ask again for what the session started; the same outward answer in every case."""
    if member is None:
        notify_address_in_use(email, client)
    elif purpose == Purpose.EMAIL_CHANGE:
        request_change(member, email, client)
    else:
        request_verification(member, client)
