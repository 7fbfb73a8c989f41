"""
"Bukan saya": the registered address objects to a Pemulihan Akun request.

Invariants:
- The link's GET only asks to confirm (a mail scanner opening it changes nothing);
  the POST cancels, and only an open request.
- The link carries a token whose SHA-256 is all the database holds.
- Cancelling twice lands where once did: one event, one mail to the requester.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from accounts.core.clients import Client
from accounts.core.events import Kind, record_event

from . import tasks
from .models import RecoveryRequest, hash_cancel_token

Status = RecoveryRequest.Status


class Objection(StrEnum):
    CONFIRM = "confirm"  # the GET: asks before it cancels
    CANCELLED = "cancelled"
    NOT_OPEN = "not_open"  # decided already: nothing to cancel
    UNKNOWN = "unknown"  # no such request or link


@dataclass(frozen=True)
class Result:
    outcome: Objection
    request: RecoveryRequest | None = None


def request_by_token(token: str) -> RecoveryRequest | None:
    if not token:
        return None
    found = RecoveryRequest.objects.filter(cancel_token_hash=hash_cancel_token(token))
    return found.select_related("member").first()


def preview(token: str) -> Result:
    """What the link's GET shows; it changes nothing."""
    request = request_by_token(token)
    if request is None:
        return Result(Objection.UNKNOWN)
    if request.status == Status.CANCELLED:
        return Result(Objection.CANCELLED, request)
    if not request.is_open():
        return Result(Objection.NOT_OPEN, request)
    return Result(Objection.CONFIRM, request)


def cancel(token: str, client: Client) -> Result:
    request = request_by_token(token)
    if request is None:
        return Result(Objection.UNKNOWN)
    if request.status == Status.CANCELLED:
        return Result(Objection.CANCELLED, request)  # a double tap
    with transaction.atomic():
        cancelled = RecoveryRequest.objects.filter(
            pk=request.pk, status__in=RecoveryRequest.OPEN
        ).update(status=Status.CANCELLED, decided_at=timezone.now())
        if not cancelled:
            return Result(Objection.NOT_OPEN, request)
        record_event(
            Kind.RECOVERY_CANCELLED,
            client=client,
            member=request.member,
            detail=f"{request.number} bukan saya",
        )
    tasks.send_decision.enqueue(request.pk)  # the requester learns it is cancelled
    request.refresh_from_db()
    return Result(Objection.CANCELLED, request)
