"""
What an operator does for a member from the support page, each under the operator's
name and each reporting what really happened.

Invariants:
- Every action that changes the account writes an event with the operator as actor
  and tells the member by email (operators.record_change); the operator's reason is
  kept in the event's detail or on the waiver.
- Every action is idempotent: repeating it changes nothing and says so. The changes
  hold the member row lock, so two racing copies make one change.
- "Send a reset code" sends nothing it cannot: it asks the same rules the code task
  will (status.code_answer) and enqueues the real request only when they allow it.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.core import codes, lockout, operators
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.core.identity import masked_email
from accounts.models import LimitWaiver, Member
from accounts.recovery import reset

from . import status
from .sentences import reason_detail


@dataclass(frozen=True)
class Outcome:
    # code_on_its_way, code_already_asked, code_not_sent, limit_lifted,
    # limit_already_lifted, data_updated, data_already_updated, unlocked, not_locked
    result: str
    now: datetime
    when: datetime | None = None  # when it was done before, or until when it holds
    to: str = ""  # the masked address a code goes to
    answer: status.CodeAnswer | None = field(default=None, compare=False)


def send_reset_code(member: Member, operator: Member, client: Client) -> Outcome:
    now = timezone.now()
    answer = status.code_answer(member, now)
    to = masked_email(member.email)
    if answer.blocks:
        return Outcome("code_not_sent", now, answer=answer)
    if answer.pending_since is not None:
        return Outcome("code_already_asked", now, when=answer.pending_since, to=to)
    reset.request_reset(member.email, client, operator=operator)
    return Outcome("code_on_its_way", now, to=to)


def lift_limit_once(
    member: Member, operator: Member, reason: str, note: str, client: Client
) -> Outcome:
    """Let the member's next code past the hourly and daily caps, once."""
    with transaction.atomic():
        now = _hold(member)
        waiver = codes.open_waiver(member, now)
        if waiver is not None:
            lapses = waiver.created_at + codes.WAIVER_TTL
            return Outcome("limit_already_lifted", now, when=lapses)
        waiver = LimitWaiver.objects.create(
            member=member, granted_by=operator, reason=reason, note=note, created_at=now
        )
    operators.record_change(member, operator, ["limit_lifted"], client)
    return Outcome("limit_lifted", now, when=now + codes.WAIVER_TTL)


def mark_data_updated(
    member: Member, operator: Member, reason: str, note: str, client: Client
) -> Outcome:
    """Pengkinian data confirmed by the call centre: data_updated_at is now."""
    with transaction.atomic():
        now = _hold(member)
        member.refresh_from_db(fields=["data_updated_at"])
        if member.data_updated_at is not None:
            return Outcome("data_already_updated", now, when=member.data_updated_at)
        member.data_updated_at = now
        member.save(update_fields=["data_updated_at"])
        record_event(
            Kind.DATA_UPDATED,
            client=client,
            member=member,
            detail=reason_detail(reason, note),
            actor=operator,
        )
    operators.record_change(member, operator, ["data_updated"], client)
    return Outcome("data_updated", now)


def unlock(
    member: Member, operator: Member, reason: str, note: str, client: Client
) -> Outcome:
    with transaction.atomic():
        now = _hold(member)
        member.refresh_from_db(fields=["locked_until", "failed_login_count"])
        detail = reason_detail(reason, note)
        if not lockout.unlock(member, client, detail=detail, actor=operator):
            return Outcome("not_locked", now)
    operators.record_change(member, operator, ["unlocked"], client)
    return Outcome("unlocked", now)


def _hold(member: Member) -> datetime:
    """Lock the member row until the transaction ends; the time after the lock."""
    Member.objects.select_for_update(no_key=True).filter(pk=member.pk).exists()
    return timezone.now()
