"""Opening the account after "Daftar": the work that depends on the address."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import TaskContext, task

from accounts.core import email_codes
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
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
