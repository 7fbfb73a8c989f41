"""
Lupa Akun: a member who forgot which email their account uses finds it by the NIK,
KPJ number and date of birth of the participant registry, sees it masked, and asks
for a reset code to it (the Lupa Kata Sandi journey of reset.py from there on).

Invariants:
- An account is found only when the three match a participant AND an active member
  holds that NIK. Every other case (any field wrong, no account, an inactive one) is
  the one answer NOT_FOUND, so the page never tells which.
- Tries are counted per NIK from any address (the view counts per address), and
  every try is recorded with the NIK masked to its last four digits.
- A match and a mismatch run the same queries: one lookup, one event.
- Between "Cari Akun" and "Kirim Kode" the browser holds only a signed, short-lived
  token naming the member; nothing about the account is in the URL. A code goes
  only to an address the reset journey could send to (`is_eligible_for_reset`);
  otherwise the page offers assisted recovery.
- The same "Cari Akun" from the same browser moments later (a double tap) gets the
  first one's answer without drawing from the NIK budget again.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.core import signing
from django.core.cache import cache
from django.db.models import Subquery

from accounts.core import limits
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.core.journeys import Step
from accounts.models import Member, Participant

from . import reset

# The found account stays shown, and "Kirim Kode" possible, for 10 minutes.
MATCH_MAX_AGE_SECONDS = 600
# A repeat of the same try from the same browser within a minute is a double tap.
REPEAT_SECONDS = 60
TOKEN_SALT = "accounts.recovery.find_account"


class Found(StrEnum):
    FOUND = "found"  # the token names the account
    NOT_FOUND = "not_found"  # any mismatch, no account, an inactive account
    NIK_THROTTLED = "nik_throttled"  # too many tries with this NIK this hour


@dataclass(frozen=True)
class Lookup:
    outcome: Found
    token: str = ""
    retry_seconds: int = 0


def find_account(
    binding: str, nik: str, kpj_number: str, date_of_birth: date, client: Client
) -> Lookup:
    repeat_key = _repeat_key(binding, nik, kpj_number, date_of_birth)
    repeated = _recall(repeat_key)
    if repeated is not None:
        return repeated
    try:
        limits.draw(limits.FIND_ACCOUNT_PER_NIK, limits.private_key(nik))
    except limits.BudgetExhausted as spent:
        _record(Kind.ACCOUNT_LOOKUP_REFUSED, nik, client, reason="nik_throttled")
        return Lookup(Found.NIK_THROTTLED, retry_seconds=spent.retry_after)
    member = _matching_member(nik, kpj_number, date_of_birth)
    if member is None:
        _record(Kind.ACCOUNT_LOOKUP_REFUSED, nik, client, reason="mismatch")
        lookup = Lookup(Found.NOT_FOUND)
    else:
        _record(Kind.ACCOUNT_LOOKUP_OK, nik, client, member=member)
        lookup = Lookup(Found.FOUND, token=_sign(member.pk))
    _remember(repeat_key, lookup)
    return lookup


def _matching_member(nik: str, kpj_number: str, date_of_birth: date) -> Member | None:
    """One query for every case: the active member of a matching participant."""
    participant = Participant.objects.filter(
        nik=nik, kpj_number=kpj_number, date_of_birth=date_of_birth
    ).values("nik")
    return Member.objects.filter(nik=Subquery(participant[:1]), is_active=True).first()


def _record(kind, nik: str, client: Client, member=None, reason: str = "") -> None:
    detail = f"{reason} nik ...{nik[-4:]}".strip()
    record_event(kind, client=client, member=member, detail=detail)


def _sign(member_pk: int) -> str:
    return signing.dumps(member_pk, salt=TOKEN_SALT)


def found_account(token: str) -> Member | None:
    """The account a fresh "Cari Akun" found, or None (no token, too old, gone)."""
    try:
        member_pk = signing.loads(token, salt=TOKEN_SALT, max_age=MATCH_MAX_AGE_SECONDS)
    except (signing.BadSignature, TypeError):
        return None
    return Member.objects.filter(pk=member_pk, is_active=True).first()


def can_receive_code(member: Member) -> bool:
    """Whether "Kirim Kode" can mail this account (else: assisted recovery)."""
    return member.is_eligible_for_reset


def send_code(binding: str, token: str, client: Client) -> Step | None:
    """
    "Kirim Kode": the reset journey for the found account's email (one event, one
    task, the same limits). None when there is no fresh match or no code can go.
    """
    member = found_account(token)
    if member is None or not can_receive_code(member):
        return None
    return reset.start_reset(binding, member.email, client)


def _repeat_key(binding: str, nik: str, kpj_number: str, date_of_birth: date) -> str:
    if not binding:
        return ""
    typed = f"{binding}:{nik}:{kpj_number}:{date_of_birth.isoformat()}"
    return f"find_account:{limits.private_key(typed)}"


def _recall(key: str) -> Lookup | None:
    if not key:
        return None
    try:
        outcome, token = cache.get(key) or (None, "")
    except Exception:  # a cache outage: treat it as a new try
        return None
    return Lookup(Found(outcome), token=token) if outcome else None


def _remember(key: str, lookup: Lookup) -> None:
    if not key:
        return
    try:
        cache.set(key, (str(lookup.outcome), lookup.token), timeout=REPEAT_SECONDS)
    except Exception:  # a cache outage only costs the next tap a budget draw
        pass
