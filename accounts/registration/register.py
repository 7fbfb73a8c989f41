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
- The new account's email stays unverified until the member enters the code mailed
  to it (selfservice/email_address.py); only then can a forgotten password be reset
  by email.
"""

from dataclasses import dataclass
from datetime import date
from hashlib import sha256

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts.core import throttle
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member, Participant

from . import tasks
from .audit import nik_label, record_refusal


@dataclass(frozen=True)
class Registration:
    error: str = ""  # "", "mismatch" or "nik_throttled"
    retry_seconds: int = 0


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
        record_refusal(email, nik, "nik_throttled", client)
        return Registration(error="nik_throttled", retry_seconds=wait)
    matched = Participant.objects.filter(
        nik=nik, kpj_number=kpj_number, date_of_birth=date_of_birth
    ).exists()
    if not matched or Member.objects.filter(nik=nik).exists():
        record_refusal(email, nik, "mismatch", client)
        return Registration(error="mismatch")
    password_hash = make_password(password)  # slow on purpose
    detail = nik_label(nik)
    record_event(Kind.REGISTRATION_REQUESTED, client=client, email=email, detail=detail)
    tasks.open_account.enqueue(
        nik, email, password_hash, client.ip, client.user_agent, client.language
    )
    return Registration()


def account_awaiting_code(email: str, nik: str) -> Member | None:
    """The account a "Daftar" in this browser opened, if it was opened."""
    return Member.objects.filter(email=email, nik=nik, is_active=True).first()
