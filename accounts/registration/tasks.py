"""
Opening the account after "Daftar", and moving it to a corrected address: the work
that depends on the address.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import TaskContext, task
from django.utils import translation

from accounts.core import email_codes
from accounts.core.clients import Client
from accounts.core.codes import Purpose
from accounts.core.events import Kind, record_event
from accounts.core.tasks import (
    done_marker,
    retry_later,
    send_code,
    sent_by_this_task_before,
)
from accounts.models import Member, Participant

from .audit import record_refusal


@task(takes_context=True)
def open_account(
    context: TaskContext,
    nik: str,
    email: str,
    password_hash: str,
    ip: str | None,
    user_agent: str,
    language: str,
) -> str:
    """Open the account and mail its code, or tell the address's owner; say which."""
    client = Client(ip=ip, user_agent=user_agent, language=language)
    participant = Participant.objects.filter(nik=nik).first()
    if participant is None:  # removed from the registry since the request
        return "no_participant"
    taken = Member.objects.filter(Q(email=email) | Q(nik=nik)).exists()
    if taken:
        return _not_opened(nik, email, client)
    try:
        with transaction.atomic():
            member = Member.objects.create(
                email=email,
                password=password_hash,
                full_name=participant.full_name,
                nik=nik,
                kpj_number=participant.kpj_number,
            )
    except IntegrityError:  # taken by a registration running alongside
        return _not_opened(nik, email, client)
    record_event(Kind.REGISTERED, client=client, member=member)
    email_codes.request_verification(member, client)
    return "opened"


def _not_opened(nik: str, email: str, client: Client) -> str:
    owner = Member.objects.filter(email=email).first()
    if owner is not None and owner.nik == nik:
        # Opened by an earlier run of this task that a dying worker cut short.
        if owner.email_verified_at is None:
            email_codes.request_verification(owner, client)
        return "already_opened"
    if owner is not None:
        record_refusal(email, nik, "email_in_use", client)
        email_codes.notify_address_in_use(email, client)
        return "email_in_use"
    record_refusal(email, nik, "already_registered", client)
    return "already_registered"


@task(takes_context=True)
def move_account(
    context: TaskContext,
    nik: str,
    old_email: str,
    new_email: str,
    ip: str | None,
    user_agent: str,
    language: str,
    attempt: int = 0,
) -> str:
    """
    "Salah alamat email?": the unverified account "Daftar" opened for `nik` at
    `old_email` moves to `new_email` and a code goes there; when `new_email` is
    another member's, the account stays and that member is told. Say which.
    """
    client = Client(ip=ip, user_agent=user_agent, language=language)
    args = [nik, old_email, new_email, ip, user_agent, language]
    account = Member.objects.filter(
        nik=nik,
        email__in=[old_email, new_email],
        email_verified_at__isnull=True,
        is_active=True,
    ).first()
    if account is None:
        return _no_account(nik, old_email, args, attempt)
    if account.email == old_email and not _move(account, new_email, client):
        email_codes.notify_address_in_use(new_email, client)
        return "email_in_use"
    done = done_marker(context)
    if sent_by_this_task_before(account, context):
        return "already_sent"
    purpose = Purpose.EMAIL_VERIFICATION
    record_event(Kind.CODE_REQUESTED, client=client, member=account, detail=purpose)
    with translation.override(language):
        outcome = send_code(
            account, purpose, client, done, context.attempt > 1, new_address=True
        )
    if outcome == "code_failed" and retry_later(move_account, args, attempt):
        return "code_retry_scheduled"
    return outcome


def _move(account: Member, new_email: str, client: Client) -> bool:
    """The new address, unless another member has it; Member.save retires the old
    address's codes and journeys. The old address is not told: it never proved
    itself, and a mistyped address is often someone else's mailbox."""
    old_email = account.email
    if Member.objects.filter(email=new_email).exclude(pk=account.pk).exists():
        return False
    try:
        with transaction.atomic():
            account.email = new_email
            account.save(update_fields=["email"])
    except IntegrityError:  # taken by another member at this very moment
        account.email = old_email
        return False
    detail = f"corrected after registration, from {old_email}"
    record_event(Kind.EMAIL_CHANGED, client=client, member=account, detail=detail)
    return True


def _no_account(nik: str, old_email: str, args: list, attempt: int) -> str:
    owner = Member.objects.filter(email=old_email).first()
    if owner is not None and owner.nik != nik:
        return "not_opened"  # "Daftar" found the address taken and opened nothing
    if Member.objects.filter(nik=nik).exists():
        return "superseded"  # verified, switched off, or corrected again since
    if retry_later(move_account, args, attempt):  # "Daftar"'s task has yet to run
        return "retry_scheduled"
    return "no_account"
