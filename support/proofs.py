"""
Proving the new address of a Pemulihan Akun request with a six-digit code mailed to
it, before the request can be sent. The requester may match no member, so the codes
of accounts/core/codes.py (which belong to a member) do not fit; this is their small
sibling for one browser and one address.

Invariants:
- A browser (a hash of its session key) has at most one live proof; a new address
  or a new code replaces it, and only the newest code works.
- The code leaves this module only towards the task that mails it; the row holds an
  HMAC-SHA256 of it keyed by SECRET_KEY and bound to the proof and the address.
- A code works for JMO_CODE_TTL_SECONDS and JMO_CODE_MAX_ATTEMPTS guesses; each
  guess first reserves an attempt with a conditional UPDATE, so parallel guesses
  never test more; the comparison is constant-time.
- A new code for the browser no sooner than JMO_CODE_RESEND_COOLDOWN_SECONDS after
  the last; every code also draws from the mailbox's daily budget (in the task).
- A verified proof serves one request: `spend` is a conditional UPDATE.
"""

import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import RecoveryEmailProof, RecoveryRequest

CODE_DIGITS = 6


class ProofOutcome(StrEnum):
    STARTED = "started"  # a new code is on its way (or will be, once mailed)
    WAIT = "wait"  # the cool-down is still running
    VERIFIED = "verified"
    WRONG_CODE = "wrong_code"
    TRIES_SPENT = "tries_spent"
    EXPIRED = "expired"
    ENDED = "ended"  # no proof in this browser


def hash_code(proof_pk: int, email: str, code: str) -> str:
    value = f"{proof_pk}:{email}:{code}"
    return salted_hmac("support.proofs", value, algorithm="sha256").hexdigest()


def live_proof(binding: str) -> RecoveryEmailProof | None:
    if not binding:
        return None
    proofs = RecoveryEmailProof.objects.filter(
        session_key_hash=binding, request__isnull=True
    )
    return proofs.order_by("-created_at", "-pk").first()


def seconds_until_new_code(proof: RecoveryEmailProof | None) -> int:
    if proof is None:
        return 0
    ready = proof.created_at + timedelta(
        seconds=settings.JMO_CODE_RESEND_COOLDOWN_SECONDS
    )
    return max(0, int((ready - timezone.now()).total_seconds() + 0.999))


def start_proof(binding: str, email: str) -> tuple[ProofOutcome, RecoveryEmailProof]:
    """A new proof of `email` for this browser, unless inside the cool-down."""
    previous = live_proof(binding)
    if seconds_until_new_code(previous):
        return ProofOutcome.WAIT, previous
    now = timezone.now()
    RecoveryEmailProof.objects.filter(
        session_key_hash=binding, request__isnull=True
    ).delete()
    proof = RecoveryEmailProof.objects.create(
        session_key_hash=binding,
        email=email,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.JMO_CODE_TTL_SECONDS),
    )
    return ProofOutcome.STARTED, proof


def issue_code(proof: RecoveryEmailProof) -> str:
    """The task's step: a code for the proof, its hash stored, the code returned."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    RecoveryEmailProof.objects.filter(pk=proof.pk).update(
        code_hash=hash_code(proof.pk, proof.email, code)
    )
    return code


def verify(binding: str, code: str) -> ProofOutcome:
    proof = live_proof(binding)
    if proof is None:
        return ProofOutcome.ENDED
    if proof.verified_at is not None:
        return ProofOutcome.VERIFIED  # a double tap of the right code
    if timezone.now() > proof.expires_at:
        return ProofOutcome.EXPIRED
    reserved = RecoveryEmailProof.objects.filter(
        pk=proof.pk, attempts__lt=settings.JMO_CODE_MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if not reserved:
        return ProofOutcome.TRIES_SPENT
    typed = hash_code(proof.pk, proof.email, code)
    if not proof.code_hash or not constant_time_compare(proof.code_hash, typed):
        return ProofOutcome.WRONG_CODE
    RecoveryEmailProof.objects.filter(pk=proof.pk, verified_at__isnull=True).update(
        verified_at=timezone.now()
    )
    return ProofOutcome.VERIFIED


def verified_proof(binding: str) -> RecoveryEmailProof | None:
    """The browser's proved address, not yet spent on a request."""
    proof = live_proof(binding)
    return proof if proof is not None and proof.verified_at is not None else None


def spend(proof: RecoveryEmailProof, request: RecoveryRequest) -> bool:
    """Tie the proof to its request; False if another request took it first."""
    return bool(
        RecoveryEmailProof.objects.filter(
            pk=proof.pk, request__isnull=True, verified_at__isnull=False
        ).update(request=request)
    )


def submitted_request(binding: str) -> RecoveryRequest | None:
    """The request this browser sent last (for its "sent" page)."""
    if not binding:
        return None
    proof = (
        RecoveryEmailProof.objects.filter(
            session_key_hash=binding, request__isnull=False
        )
        .select_related("request")
        .order_by("-created_at")
        .first()
    )
    return proof.request if proof else None
