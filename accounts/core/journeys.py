"""
The journey object: one browser's way through a code journey (a password reset, or
proving an email address), with its whole state in the database.

Invariants:
- A journey is bound to a hash of the browser's session key; the session itself holds
  nothing of it, so no session write can undo a step.
- A browser has at most one live (open or verified) journey per flow: a unique
  constraint, so two starts at once end with one journey, and the duplicate is told.
- Every step first locks the journey row (`hold`), so the identical requests of one
  browser run one after the other and the second finds what the first did.
- When the code verifies, the session gets a new key and the journey follows it. A
  request still carrying the old key holds the journey only if it brings the very
  code that verified: it is the duplicate of the request that verified, and its new
  key holds the journey too (its twin), whichever of the two answers the browser
  shows.
- Any change of the member's email or password retires every live journey of the
  member (Member.save).
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from hashlib import sha256

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.models import Journey, Member, VerificationCode

from .codes import hash_code
from .transactions import savepoint_if_in_transaction

Flow = Journey.Flow
Status = Journey.Status


class Outcome(StrEnum):
    """What a step of a journey came to; the views map each to a page and a text."""

    STARTED = "started"  # a new journey, or a new code asked for: one task enqueued
    DUPLICATE = "duplicate"  # the same start or resend moments ago: nothing new
    WAIT = "wait"  # the resend cool-down is still running
    VERIFIED = "verified"  # the code was right (now, or in the request duplicated)
    COMPLETED = "completed"  # the journey reached its end (now, or before)
    WRONG_CODE = "wrong_code"
    REPLACED_CODE = "replaced_code"  # an older code: a newer email was sent since
    TRIES_SPENT = "tries_spent"  # no tries left until a new code
    EXPIRED = "expired"  # the time to set the password ran out
    ADDRESS_TAKEN = "address_taken"  # the new address went to another member
    ENDED = "ended"  # no journey here, or the account changed under it


@dataclass(frozen=True)
class Step:
    outcome: Outcome
    journey: Journey | None = None
    member: Member | None = None


def session_hash(session_key: str) -> str:
    return sha256(session_key.encode()).hexdigest()


def _live(binding: str, flow: str):
    if not binding:
        return Journey.objects.none()
    return Journey.objects.filter(
        session_key_hash=binding, flow=flow, status__in=Journey.LIVE
    )


def _held_by(binding: str) -> Q:
    if not binding:  # a browser without a session holds nothing
        return Q(pk__in=[])
    return Q(session_key_hash=binding) | Q(twin_session_key_hash=binding)


def current(binding: str, flow: str) -> Journey | None:
    """The browser's newest journey of the flow, whatever its status."""
    journeys = Journey.objects.filter(_held_by(binding), flow=flow)
    return journeys.order_by("-created_at", "-pk").first()


def _cooldown() -> timedelta:
    return timedelta(seconds=settings.JMO_CODE_RESEND_COOLDOWN_SECONDS)


def start(binding: str, flow: str, purpose: str, email: str, **fields) -> Step:
    """
    Start a journey for `email` in this browser: STARTED, or DUPLICATE when the
    browser started the same one within the resend cool-down (no new code is due).
    A live journey of the flow for anything else is replaced. The browser must have
    a session (`binding` not empty).
    """
    if not binding:
        raise ValueError("A journey starts only in a browser with a session.")
    new = Journey(
        flow=flow,
        purpose=purpose,
        session_key_hash=binding,
        email=email,
        **fields,
    )
    if _insert_if_none_live(new):  # the usual case: one statement
        return Step(Outcome.STARTED, new)
    try:
        with transaction.atomic():
            now = timezone.now()
            live = _live(binding, flow).select_for_update().first()
            if live and _same_start(live, purpose, email, fields, now):
                return Step(Outcome.DUPLICATE, live)
            if live:
                end(live, Status.REPLACED, now)
            new.created_at = new.requested_at = now
            new.save(force_insert=True)
    except IntegrityError:
        # The same browser started one at this very moment: its request replaced
        # what this one would have, so rolling all of this one back loses nothing.
        return Step(Outcome.DUPLICATE, _live(binding, flow).first())
    return Step(Outcome.STARTED, new)


def _insert_if_none_live(journey: Journey) -> bool:
    """
    Insert the journey if the browser has no live one of its flow; False if it has.
    The unique constraint on live journeys decides, so this needs no lock: outside a
    transaction the INSERT is atomic by itself, inside one it gets a savepoint.
    """
    journey.created_at = journey.requested_at = timezone.now()
    try:
        with savepoint_if_in_transaction():
            journey.save(force_insert=True)
    except IntegrityError:
        journey.pk = None
        return False
    return True


def started_moments_ago(
    binding: str, flow: str, purpose: str, email: str, **fields
) -> bool:
    """Whether this browser made this very start within the resend cool-down."""
    live = _live(binding, flow).first()
    return live is not None and _same_start(
        live, purpose, email, fields, timezone.now()
    )


def _same_start(live: Journey, purpose: str, email: str, fields: dict, now) -> bool:
    same = live.purpose == purpose and live.email == email
    same = same and all(getattr(live, name) == value for name, value in fields.items())
    return same and live.status == Status.OPEN and now - live.requested_at < _cooldown()


def seconds_until_resend(journey: Journey) -> int:
    ready_at = journey.requested_at + _cooldown()
    return max(0, int((ready_at - timezone.now()).total_seconds() + 0.999))


def restart(binding: str, flow: str, round_seen: int | None) -> Step:
    """
    A new code asked for ("Kirim ulang kode"): STARTED with the tries counted afresh,
    WAIT inside the cool-down, or DUPLICATE when the page's round was already
    restarted by an identical request.
    """
    with transaction.atomic():
        journey = _live(binding, flow).select_for_update().first()
        if journey is None:
            return Step(Outcome.ENDED)
        if round_seen is not None and round_seen < journey.round:
            return Step(Outcome.DUPLICATE, journey)
        if seconds_until_resend(journey):
            return Step(Outcome.WAIT, journey)
        journey.round += 1
        journey.requested_at = timezone.now()
        journey.wrong_attempts, journey.status = 0, Status.OPEN
        journey.verified_at, journey.code = None, None
        journey.save()
    return Step(Outcome.STARTED, journey)


def hold(
    binding: str, flow: str, code: str = "", with_code_member: bool = False
) -> Journey | None:
    """
    Lock and return the browser's newest journey of the flow (inside a transaction),
    with its code, and the code's member if asked. A request with the key the
    session had before verification holds it only if it brings the code that
    verified.
    """
    match = _held_by(binding)
    if code and binding:
        match |= Q(previous_session_key_hash=binding)
    journey = (
        Journey.objects.select_for_update(of=("self",))
        .filter(match, flow=flow)
        .select_related("code__member" if with_code_member else "code")
        .order_by("-created_at", "-pk")
        .first()
    )
    if journey is None or binding in (
        journey.session_key_hash,
        journey.twin_session_key_hash,
    ):
        return journey
    return journey if _is_its_code(journey, code) else None


def _is_its_code(journey: Journey, code: str) -> bool:
    if journey.code is None or journey.member_id is None:
        return False
    typed = hash_code(journey.member_id, journey.purpose, code)
    return constant_time_compare(journey.code.code_hash, typed)


def tries_left(journey: Journey) -> int:
    return max(0, settings.JMO_CODE_MAX_ATTEMPTS - journey.wrong_attempts)


def record_wrong_code(journey: Journey) -> None:
    Journey.objects.filter(pk=journey.pk).update(wrong_attempts=F("wrong_attempts") + 1)
    journey.wrong_attempts += 1


def mark_verified(journey: Journey, code: VerificationCode, member: Member) -> None:
    journey.status, journey.verified_at = Status.VERIFIED, timezone.now()
    journey.code, journey.member = code, member
    journey.save(update_fields=["status", "verified_at", "code", "member"])


def complete(journey: Journey, code: VerificationCode, member: Member) -> None:
    now = timezone.now()
    journey.status, journey.ended_at = Status.COMPLETED, now
    journey.verified_at = journey.verified_at or now
    journey.code, journey.member = code, member
    journey.save(update_fields=["status", "ended_at", "verified_at", "code", "member"])


def set_password_window_open(journey: Journey) -> bool:
    window = timedelta(seconds=settings.JMO_VERIFIED_SESSION_TTL_SECONDS)
    return journey.verified_at is not None and timezone.now() <= (
        journey.verified_at + window
    )


def follow_new_session_key(
    journey: Journey, old_binding: str, new_binding: str
) -> None:
    """
    The session key changed after the code verified: the journey goes along. The
    duplicate of the verifying request (it came with the same key) gets the journey
    too, as its twin: the browser shows whichever answer came last. Conditional
    updates, so two renewals racing each other both end up holding it.
    """
    journeys = Journey.objects.filter(pk=journey.pk)
    moved = journeys.filter(session_key_hash=old_binding).update(
        session_key_hash=new_binding, previous_session_key_hash=old_binding
    )
    if not moved:
        journeys.filter(
            Q(previous_session_key_hash=old_binding)
            | Q(twin_session_key_hash=old_binding)
        ).update(twin_session_key_hash=new_binding)


def attach_member(journey_pk: int, member: Member) -> None:
    """The task that opened the account after "Daftar" names it on the journey."""
    Journey.objects.filter(pk=journey_pk, member__isnull=True).update(member=member)


def end(journey: Journey, status: str, now=None) -> None:
    now = now or timezone.now()
    journey.status, journey.ended_at = status, now
    journey.save(update_fields=["status", "ended_at"])
