"""
"Daftar": a worker in the participant registry creates their own account.

Invariants:
- An account is created only for a participant matched by NIK + KPJ number + date of
  birth that has no account yet. Every other case gets the one answer "mismatch",
  so the page never tells which field was wrong or that an account exists.
- Attempts are counted per NIK (on top of the per-IP throttle on the view), so one
  NIK cannot be tried against many KPJ numbers and dates; every attempt is recorded.
- An address that already belongs to a member gets the same answer as a new one: no
  account is created and the owner of that mailbox is told by email instead. Both
  paths hash the password and enqueue one task.
- The new account's email stays unverified until the member enters the code mailed to
  it (email_address.py); only then can a forgotten password be reset by email.
"""

from dataclasses import dataclass
from datetime import date
from hashlib import sha256

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from . import email_address, tasks, throttle
from .clients import Client
from .events import Kind, record_event
from .models import Member, Participant


@dataclass(frozen=True)
class Registration:
    error: str = ""  # "", "mismatch" or "nik_throttled"
    retry_seconds: int = 0
    # The new account; None also when the address was in use (never shown).
    member_pk: int | None = None


def register(
    nik: str,
    kpj_number: str,
    date_of_birth: date,
    email: str,
    password: str,
    client: Client,
) -> Registration:
    nik_label = f"nik ...{nik[-4:]}"
    wait = throttle.hit(
        "register_nik",
        sha256(nik.encode()).hexdigest(),
        settings.JMO_REGISTRATIONS_PER_NIK_PER_HOUR,
    )
    if wait:
        detail = f"nik_throttled {nik_label}"
        record_event(
            Kind.REGISTRATION_REFUSED, client=client, email=email, detail=detail
        )
        return Registration(error="nik_throttled", retry_seconds=wait)
    participant = _unregistered_participant(nik, kpj_number, date_of_birth)
    if participant is None:
        return _mismatch(email, nik_label, client)
    password_hash = make_password(password)  # slow on purpose, on both paths below
    if not Member.objects.filter(email=email).exists():
        try:
            with transaction.atomic():
                member = Member.objects.create(
                    email=email,
                    password=password_hash,
                    full_name=participant.full_name,
                    nik=nik,
                    kpj_number=kpj_number,
                )
        except IntegrityError:  # a parallel registration took the NIK or the address
            if Member.objects.filter(nik=nik).exists():
                return _mismatch(email, nik_label, client)
        else:
            record_event(Kind.REGISTERED, client=client, member=member)
            email_address.request_verification(member, client)
            return Registration(member_pk=member.pk)
    detail = f"email_in_use {nik_label}"
    record_event(Kind.REGISTRATION_REFUSED, client=client, email=email, detail=detail)
    tasks.send_email_in_use.enqueue(
        email, client.ip, client.user_agent, client.language
    )
    return Registration()


def _unregistered_participant(
    nik: str, kpj_number: str, date_of_birth: date
) -> Participant | None:
    participant = Participant.objects.filter(
        nik=nik, kpj_number=kpj_number, date_of_birth=date_of_birth
    ).first()
    if participant is None or Member.objects.filter(nik=nik).exists():
        return None
    return participant


def _mismatch(email: str, nik_label: str, client: Client) -> Registration:
    detail = f"mismatch {nik_label}"
    record_event(Kind.REGISTRATION_REFUSED, client=client, email=email, detail=detail)
    return Registration(error="mismatch")
