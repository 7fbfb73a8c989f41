"""
"Daftar": a worker in the participant registry opens their own account.

Invariants:
- An account is opened only for a participant matched by NIK + KPJ number + date of
  birth that has no account yet. Every other case gets the one answer "mismatch",
  so the page never tells which field was wrong or that an account exists.
- Attempts are counted per NIK (on top of the per-IP throttle on the view), so one
  NIK cannot be tried against many KPJ numbers and dates; every attempt is recorded.
- After a match the request does the same work whatever the address: it hashes the
  password, records one event and enqueues one task. The task (`open_account`) opens
  the account and mails the "Verifikasi Email" code, or, when the address already
  belongs to a member, opens nothing and tells that member by email. So neither the
  page nor its timing says whether an address is registered.
- The task carries the password's Argon2 hash, never the password.
- The new account's email stays unverified until the member enters the code mailed to
  it (email_address.py); only then can a forgotten password be reset by email.
"""

from dataclasses import dataclass
from datetime import date
from hashlib import sha256

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import TaskContext, task

from . import email_address, throttle
from .clients import Client
from .events import Kind, record_event
from .models import Member, Participant


@dataclass(frozen=True)
class Registration:
    error: str = ""  # "", "mismatch" or "nik_throttled"
    retry_seconds: int = 0


def _nik_label(nik: str) -> str:
    return f"nik ...{nik[-4:]}"


def register(
    nik: str,
    kpj_number: str,
    date_of_birth: date,
    email: str,
    password: str,
    client: Client,
) -> Registration:
    wait = throttle.hit(
        "register_nik",
        sha256(nik.encode()).hexdigest(),
        settings.JMO_REGISTRATIONS_PER_NIK_PER_HOUR,
    )
    if wait:
        _refused(email, nik, "nik_throttled", client)
        return Registration(error="nik_throttled", retry_seconds=wait)
    matched = Participant.objects.filter(
        nik=nik, kpj_number=kpj_number, date_of_birth=date_of_birth
    ).exists()
    if not matched or Member.objects.filter(nik=nik).exists():
        _refused(email, nik, "mismatch", client)
        return Registration(error="mismatch")
    password_hash = make_password(password)  # slow on purpose
    detail = _nik_label(nik)
    record_event(Kind.REGISTRATION_REQUESTED, client=client, email=email, detail=detail)
    open_account.enqueue(
        nik, email, password_hash, client.ip, client.user_agent, client.language
    )
    return Registration()


def _refused(email: str, nik: str, reason: str, client: Client) -> None:
    detail = f"{reason} {_nik_label(nik)}"
    record_event(Kind.REGISTRATION_REFUSED, client=client, email=email, detail=detail)


def account_awaiting_code(email: str, nik: str) -> Member | None:
    """The account a "Daftar" in this browser opened, if it was opened."""
    return Member.objects.filter(email=email, nik=nik, is_active=True).first()


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
    email_address.request_verification(member, client)
    return "opened"


def _not_opened(nik: str, email: str, client: Client) -> str:
    owner = Member.objects.filter(email=email).first()
    if owner is not None and owner.nik == nik:
        # Opened by an earlier run of this task that a dying worker cut short.
        if owner.email_verified_at is None:
            email_address.request_verification(owner, client)
        return "already_opened"
    if owner is not None:
        _refused(email, nik, "email_in_use", client)
        email_address.notify_address_in_use(email, client)
        return "email_in_use"
    _refused(email, nik, "already_registered", client)
    return "already_registered"
