"""
Operators decide Pemulihan Akun requests, in pairs.

Invariants:
- Only staff holding support.decide_recoveryrequest reach these functions (the
  admin checks it); every step is a security event with the operator as actor.
- A request is applied only when JMO_RECOVERY_APPROVALS different operators have
  approved it, its waiting period is over, it is still open (nobody said "Bukan
  saya"), it names an account, and the account's email is still the one that was
  told of the request. One operator approves once (a unique constraint), and never
  a request for their own account or address.
- Approvals complete before the wait ends are applied when it ends, by a task
  enqueued to run then; the operator whose approval completed them is the actor.
- Applying makes the new address the account's verified email; Member.save retires
  every outstanding code and journey, the session generation is bumped so every
  session ends, a reset code goes to the new address (the member continues with
  Verifikasi and a new password), and both addresses are told.
- A rejection tells the new address why. Decisions and reasons are never deleted.
- Each step locks the request row, so two operators acting at once decide once.
"""

from dataclasses import replace
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.tasks import task
from django.utils import timezone

from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member
from accounts.recovery.reset import request_reset

from . import tasks
from .models import RecoveryApproval, RecoveryRequest

Status = RecoveryRequest.Status


class Decision(StrEnum):
    APPROVAL_RECORDED = "approval_recorded"  # more approvals needed
    WAITING_PERIOD = "waiting_period"  # enough approvals; applied after wait_until
    APPLIED = "applied"
    REJECTED = "rejected"
    ALREADY_APPROVED = "already_approved"  # this operator approved before
    NOT_OPEN = "not_open"
    NO_ACCOUNT = "no_account"
    ADDRESS_TAKEN = "address_taken"  # the new address is another account's now
    NOT_READY = "not_ready"  # "apply" pressed too early
    OWN_REQUEST = "own_request"  # the operator's own account or new address
    ADDRESS_CHANGED = "address_changed"  # the account's email is not the one told


def approve(request_pk, operator: Member, reason: str, note: str, client: Client):
    with transaction.atomic():
        request = _hold(request_pk)
        if not request.is_open():
            return Decision.NOT_OPEN
        if request.member_id is None:
            return Decision.NO_ACCOUNT
        if _concerns(request, operator):
            return Decision.OWN_REQUEST
        try:
            with transaction.atomic():
                RecoveryApproval.objects.create(
                    request=request,
                    operator=operator,
                    reason=reason,
                    note=note,
                    created_at=timezone.now(),
                )
        except IntegrityError:
            return Decision.ALREADY_APPROVED
        request.status = Status.IN_REVIEW
        request.save(update_fields=["status"])
        _record(Kind.RECOVERY_APPROVED, request, operator, client, reason, note)
        decision = _apply_if_ready(request, operator, client)
    _after(request, decision, client, operator)
    return decision


def apply(request_pk, operator: Member, client: Client) -> Decision:
    """Apply a request approved before its waiting period ended."""
    with transaction.atomic():
        request = _hold(request_pk)
        if not request.is_open():
            return Decision.NOT_OPEN
        decision = _apply_if_ready(request, operator, client)
    _after(request, decision, client, operator)
    return Decision.NOT_READY if decision is not Decision.APPLIED else decision


def reject(request_pk, operator: Member, reason: str, note: str, client: Client):
    with transaction.atomic():
        request = _hold(request_pk)
        if not request.is_open():
            return Decision.NOT_OPEN
        _decide(request, Status.REJECTED, operator, reason, note)
        _record(Kind.RECOVERY_REJECTED, request, operator, client, reason, note)
    tasks.send_decision.enqueue(request.pk)
    return Decision.REJECTED


@task
def apply_when_due(request_pk: int, operator_pk: int) -> str:
    """Enqueued to run when the waiting period of a fully approved request ends."""
    operator = Member.objects.filter(pk=operator_pk).first()
    if operator is None or not RecoveryRequest.objects.filter(pk=request_pk).exists():
        return "unknown"
    decision = apply(request_pk, operator, Client(user_agent="task apply_when_due"))
    return str(decision)


def apply_due() -> int:
    """Apply the fully approved requests whose wait is over (for a lost or never
    deferred apply_when_due; `purgecodes` runs it daily). Returns how many."""
    due = RecoveryRequest.objects.filter(
        status__in=RecoveryRequest.OPEN, wait_until__lte=timezone.now()
    ).alias(approved=Count("approvals"))
    applied = 0
    for request in due.filter(approved__gte=settings.JMO_RECOVERY_APPROVALS):
        last = request.approvals.order_by("-created_at").first()
        client = Client(user_agent="manage.py purgecodes")
        applied += apply(request.pk, last.operator, client) is Decision.APPLIED
    return applied


def ready(request: RecoveryRequest, now) -> bool:
    approvals = request.approvals.count()
    return approvals >= settings.JMO_RECOVERY_APPROVALS and now >= request.wait_until


def _concerns(request: RecoveryRequest, operator: Member) -> bool:
    return (
        operator.pk == request.member_id
        or operator.nik == request.nik
        or operator.email.casefold() == request.new_email.casefold()
    )


def _hold(request_pk) -> RecoveryRequest:
    return RecoveryRequest.objects.select_for_update().get(pk=request_pk)


def _apply_if_ready(request: RecoveryRequest, operator: Member, client) -> Decision:
    if request.approvals.count() < settings.JMO_RECOVERY_APPROVALS:
        return Decision.APPROVAL_RECORDED
    if timezone.now() < request.wait_until:
        return Decision.WAITING_PERIOD
    member = Member.objects.select_for_update(no_key=True).get(pk=request.member_id)
    if member.email != request.old_email:
        return Decision.ADDRESS_CHANGED
    if Member.objects.filter(email=request.new_email).exclude(pk=member.pk).exists():
        return Decision.ADDRESS_TAKEN
    member.email, member.email_verified_at = request.new_email, timezone.now()
    member.save()  # a new email retires every code and journey of the member
    Member.objects.filter(pk=member.pk).update(session_epoch=F("session_epoch") + 1)
    member.device_sessions.all().delete()
    _decide(request, Status.APPROVED, operator, "", "")
    detail = f"{request.number} from {request.old_email}"
    record_event(
        Kind.RECOVERY_APPLIED,
        client=client,
        member=member,
        detail=detail,
        actor=operator,
    )
    return Decision.APPLIED


def _decide(request, status, operator, reason: str, note: str) -> None:
    request.status, request.decided_at = status, timezone.now()
    request.decided_by, request.decision_reason = operator, reason
    request.decision_note = note
    request.save()


def _record(kind, request, operator, client, reason="", note="") -> None:
    detail = " ".join(filter(None, [request.number, reason, note]))
    record_event(
        kind, client=client, member=request.member, detail=detail, actor=operator
    )


def _after(request, decision, client: Client, operator: Member) -> None:
    """Once applied: the mails, and a reset code to the new address (its task
    sends it in the member's language). Approved inside the wait: applied then."""
    if (
        decision is Decision.WAITING_PERIOD
        and apply_when_due.get_backend().supports_defer
    ):
        due = apply_when_due.using(run_after=request.wait_until)
        due.enqueue(request.pk, operator.pk)
    if decision is not Decision.APPLIED:
        return
    tasks.send_decision.enqueue(request.pk)
    member_client = replace(client, language=request.language, device_member_pk=None)
    request_reset(request.new_email, member_client, operator=operator)
