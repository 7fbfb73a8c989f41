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
- A repeated "Daftar" from the same browser moments later (a double tap) gets the
  first one's answer and starts nothing again, even after the first opened the
  account.
- The new account's email stays unverified until the member enters the code mailed
  to it (selfservice/email_address.py); only then can a forgotten password be reset
  by email.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password

from accounts.core import journeys, limits
from accounts.core.clients import Client
from accounts.core.codes import Purpose
from accounts.core.events import Kind, record_event
from accounts.core.journeys import Outcome
from accounts.models import Journey, Member, Participant

from . import tasks
from .audit import nik_label, record_refusal

# After "Daftar" the browser goes on to prove the address (Verifikasi Email).
FLOW = Journey.Flow.EMAIL
PURPOSE = Purpose.EMAIL_VERIFICATION


@dataclass(frozen=True)
class Registration:
    error: str = ""  # "", "mismatch" or "nik_throttled"
    retry_seconds: int = 0


def register(
    binding: str,
    nik: str,
    kpj_number: str,
    date_of_birth: date,
    email: str,
    password: str,
    client: Client,
) -> Registration:
    if _repeated(binding, email, nik):
        return Registration()
    try:
        limits.draw(limits.REGISTRATIONS_PER_NIK, limits.private_key(nik))
    except limits.BudgetExhausted as spent:
        record_refusal(email, nik, "nik_throttled", client)
        return Registration(error="nik_throttled", retry_seconds=spent.retry_after)
    matched = Participant.objects.filter(
        nik=nik, kpj_number=kpj_number, date_of_birth=date_of_birth
    ).exists()
    if not matched or Member.objects.filter(nik=nik).exists():
        if _repeated(binding, email, nik):  # its twin opened the account just now
            return Registration()
        record_refusal(email, nik, "mismatch", client)
        return Registration(error="mismatch")
    limits.draw_hash(client.ip)
    password_hash = make_password(password)  # slow on purpose
    step = journeys.start(binding, FLOW, PURPOSE, email, nik=nik)
    if step.outcome is Outcome.STARTED:
        detail = nik_label(nik)
        record_event(
            Kind.REGISTRATION_REQUESTED, client=client, email=email, detail=detail
        )
        tasks.open_account.enqueue(
            nik, email, password_hash, client.ip, client.user_agent, client.language
        )
    return Registration()


def _repeated(binding: str, email: str, nik: str) -> bool:
    """The same "Daftar" from this browser moments ago (a double tap): its answer."""
    return journeys.started_moments_ago(binding, FLOW, PURPOSE, email, nik=nik)
