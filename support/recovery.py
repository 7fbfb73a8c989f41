"""
Pemulihan Akun, the requester's side: send a request, follow it, object to it.

Invariants:
- A request needs a new address proved in the same browser (proofs.py); the proof
  serves one request. A double tap of "Ajukan Pemulihan Akun" gets the first one's
  request and makes nothing new.
- Every request draws from the address's and the NIK's daily budgets before
  anything is stored; a refusal is recorded.
- The page and the work done in the request are the same whether or not the NIK,
  KPJ number and date of birth match an account: the request is stored (with no
  member when nothing matches) and one task is enqueued. The task alone mails the
  registered address, with the masked new address and a "Bukan saya" link.
- The status page needs the request number and the NIK together, and says no more
  than the status.
"Bukan saya", the registered address's objection, is in objections.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.core import limits
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.models import Member, Participant

from . import proofs, tasks
from .images import CleanImage
from .models import RecoveryImage, RecoveryRequest

Status = RecoveryRequest.Status
# A second "Ajukan" this long after the first still lands on the first's page.
DUPLICATE_WINDOW = timedelta(minutes=10)


class Outcome(StrEnum):
    SENT = "sent"  # the request is stored (now, or by the duplicated request)
    NO_PROOF = "no_proof"  # the new address is not proved in this browser


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    request: RecoveryRequest | None = None


@dataclass(frozen=True)
class Identity:
    nik: str
    kpj_number: str
    date_of_birth: date
    full_name: str
    phone: str
    reason: str


def nik_label(nik: str) -> str:
    return f"nik ...{nik[-4:]}"


def request_email_code(binding: str, email: str, client: Client):
    """Step 1: a code to the new address (its task mails it), unless too soon."""
    outcome, proof = proofs.start_proof(binding, email)
    if outcome is proofs.ProofOutcome.STARTED:
        tasks.send_email_code.enqueue(proof.pk, client.language)
    return outcome, proof


def resend_email_code(binding: str, client: Client):
    proof = proofs.live_proof(binding)
    if proof is None:
        return proofs.ProofOutcome.ENDED, None
    return request_email_code(binding, proof.email, client)


def submit_request(
    binding: str, identity: Identity, images: dict[str, CleanImage], client: Client
) -> Result:
    proof = proofs.verified_proof(binding)
    if proof is None:
        return _duplicate_or(binding, Outcome.NO_PROOF)
    _draw_budgets(identity.nik, proof.email, client)
    member = _matching_member(identity)
    now = timezone.now()
    with transaction.atomic():
        request = RecoveryRequest.objects.create(
            member=member,
            old_email=member.email if member else "",
            new_email=proof.email,
            language=client.language,
            created_at=now,
            wait_until=now + timedelta(hours=settings.JMO_RECOVERY_WAIT_HOURS),
            **vars(identity),
        )
        for kind, image in images.items():
            RecoveryImage.objects.create(
                request=request,
                kind=kind,
                data=image.data,
                width=image.width,
                height=image.height,
            )
        if not proofs.spend(proof, request):
            transaction.set_rollback(True)
            return _duplicate_or(binding, Outcome.NO_PROOF)
        detail = f"{request.number} {nik_label(identity.nik)}"
        record_event(
            Kind.RECOVERY_REQUESTED,
            client=client,
            member=member,
            email=proof.email,
            detail=detail,
        )
    tasks.send_request_notice.enqueue(request.pk, client.language)
    return Result(Outcome.SENT, request)


def _duplicate_or(binding: str, outcome: Outcome) -> Result:
    sent = proofs.submitted_request(binding)
    if sent is not None and timezone.now() - sent.created_at < DUPLICATE_WINDOW:
        return Result(Outcome.SENT, sent)
    return Result(outcome)


def _draw_budgets(nik: str, email: str, client: Client) -> None:
    try:
        limits.draw(limits.RECOVERY_REQUESTS_PER_ADDRESS, limits.address_key(client.ip))
        limits.draw(limits.RECOVERY_REQUESTS_PER_NIK, limits.private_key(nik))
    except limits.BudgetExhausted as spent:
        detail = f"{spent.budget.name} {nik_label(nik)}"
        record_event(Kind.RECOVERY_REFUSED, client=client, email=email, detail=detail)
        raise


def _matching_member(identity: Identity) -> Member | None:
    matched = Participant.objects.filter(
        nik=identity.nik,
        kpj_number=identity.kpj_number,
        date_of_birth=identity.date_of_birth,
    ).exists()
    if not matched:
        return None
    return Member.objects.filter(nik=identity.nik, is_active=True).first()


def sent_request(binding: str) -> RecoveryRequest | None:
    return proofs.submitted_request(binding)


def find_request(number: str, nik: str) -> RecoveryRequest | None:
    """The request with this number and NIK, both exact; None otherwise."""
    number = "".join(number.split()).upper()
    return RecoveryRequest.objects.filter(number=number, nik=nik).first()


def shown_request(pk: int | None) -> RecoveryRequest | None:
    """The request the status page found a moment ago (its pk in the session)."""
    return RecoveryRequest.objects.filter(pk=pk).first() if pk else None
