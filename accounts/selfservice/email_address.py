"""
Proving that a member reads an email address, on the journey object (flow "email"):
the member's own address (after "Daftar", or later from the home page) and a new
one (Ubah Email).

Invariants:
- The codes are the reset codes' machinery (core/codes.py) under their own purposes,
  with the same lifetime, attempt cap, resend cool-down and hourly and daily budgets.
- A new address replaces the old one only when the code mailed to the new address is
  entered; the old address is then told, and the change retires every other code and
  journey of the member and ends the member's other sessions. An address that
  belongs to another member gets the same answer as a free one, and its owner is told
  instead of a code going out.
- A journey started while logged in continues only for that member.
- Each code is used once; a duplicate of a step gets the first one's outcome.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.core import codes, journeys
from accounts.core.clients import Client
from accounts.core.email_codes import (
    enqueue_code,
    notify_address_in_use,
    request_verification,
)
from accounts.core.events import Kind, record_event
from accounts.core.journeys import Outcome, Status, Step
from accounts.models import Journey, Member

from . import devices, tasks

FLOW = Journey.Flow.EMAIL
Purpose = codes.Purpose


def start_verification(binding: str, member: Member, client: Client) -> Step:
    """Verify the logged-in member's own address."""
    purpose = Purpose.EMAIL_VERIFICATION
    step = journeys.start(
        binding, FLOW, purpose, member.email, member=member, logged_in=True
    )
    if step.outcome is Outcome.STARTED:
        request_verification(member, client)
    return step


def start_change(binding: str, member: Member, new_email: str, client: Client) -> Step:
    """Ubah Email: a code goes to the new address, or its owner is told."""
    purpose = Purpose.EMAIL_CHANGE
    step = journeys.start(
        binding, FLOW, purpose, new_email, member=member, logged_in=True
    )
    if step.outcome is Outcome.STARTED:
        _request_change(member, new_email, client)
    return step


def _request_change(member: Member, new_email: str, client: Client) -> None:
    record_event(
        Kind.EMAIL_CHANGE_REQUESTED, client=client, member=member, email=new_email
    )
    # The same work whatever the address: the task finds out whether it is taken.
    enqueue_code(member, Purpose.EMAIL_CHANGE, new_email, client)


def resend(binding: str, round_seen: int | None, client: Client) -> Step:
    """Ask again for what the journey started; the same outward answer in every case."""
    step = journeys.restart(binding, FLOW, round_seen)
    if step.outcome is not Outcome.STARTED:
        return step
    journey = step.journey
    member = _member_of(journey)
    if member is None:
        notify_address_in_use(journey.email, client)
    elif journey.purpose == Purpose.EMAIL_CHANGE:
        _request_change(member, journey.email, client)
    else:
        request_verification(member, client)
    return step


def _member_of(journey: Journey) -> Member | None:
    """The member whose address is proved: named on the journey, or after "Daftar"
    the account the task opened for this address and NIK (None if it belongs to
    another member)."""
    if journey.member_id is None and journey.nik:
        account = Member.objects.filter(email=journey.email, nik=journey.nik).first()
        if account is not None:
            journeys.attach_member(journey.pk, account)
            journey.member = account
    return journey.member


def confirm_code(
    binding: str, code: str, client: Client, acting_pk=None, session_key=""
) -> Step:
    """
    Check the code; on COMPLETED the member's address is the journey's, verified.
    After a change of address only the session `session_key` stays on the device list.
    """
    with transaction.atomic():
        journey = journeys.hold(binding, FLOW, code)
        if journey is None or journey.status in (Status.REPLACED, Status.RETIRED):
            return Step(Outcome.ENDED, journey)
        if _belongs_to_another_login(journey, binding, acting_pk):
            return Step(Outcome.ENDED)
        if journey.status == Status.COMPLETED:
            return Step(Outcome.COMPLETED, journey, journey.member)  # a duplicate
        if not journeys.tries_left(journey):
            _record_rejection(journey, client, "session_spent")
            return Step(Outcome.TRIES_SPENT, journey)
        return _check_code(journey, code, client, session_key)


def _belongs_to_another_login(journey: Journey, binding: str, acting_pk) -> bool:
    """A journey started logged in goes on only for that member, or for the duplicate
    of the request that completed it (it came with the old key and the same code)."""
    if not journey.logged_in or journey.member_id == acting_pk:
        return False
    return journey.session_key_hash == binding


def _check_code(journey: Journey, code: str, client: Client, session_key: str) -> Step:
    member = _member_of(journey)
    if member is None or not member.is_active:  # no code was sent to this browser
        codes.hash_code(0, journey.purpose, code)  # the same hashing work as a check
        journeys.record_wrong_code(journey)
        _record_rejection(journey, client)
        return Step(Outcome.WRONG_CODE, journey)
    verified = codes.verify_code(member, journey.purpose, code, sent_to=journey.email)
    if verified is None:
        journeys.record_wrong_code(journey)
        _record_rejection(journey, client, member=member)
        if codes.was_replaced(member, journey.purpose, code):
            return Step(Outcome.REPLACED_CODE, journey)
        return Step(Outcome.WRONG_CODE, journey)
    return _take_address(journey, verified, member, client, session_key)


def _record_rejection(journey, client, detail="", member=None) -> None:
    detail = " ".join(filter(None, [journey.purpose, detail]))
    email = "" if member else journey.email
    record_event(
        Kind.CODE_REJECTED, client=client, member=member, email=email, detail=detail
    )


def _take_address(
    journey, verified, member: Member, client: Client, session_key
) -> Step:
    old_email = member.email
    try:
        with transaction.atomic():
            codes.use_verified_code(verified)
            journeys.complete(journey, verified, member)
            member.email, member.email_verified_at = journey.email, timezone.now()
            member.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:  # another member took the new address meanwhile
        member.email = old_email
        journeys.end(journey, Status.RETIRED)
        detail = f"address_taken {journey.email}"[:200]
        record_event(Kind.CODE_REJECTED, client=client, member=member, detail=detail)
        return Step(Outcome.ADDRESS_TAKEN, journey)
    if journey.email == old_email:
        record_event(Kind.EMAIL_VERIFIED, client=client, member=member, detail="code")
    else:
        detail = f"from {old_email}"[:200]
        record_event(Kind.EMAIL_CHANGED, client=client, member=member, detail=detail)
        tasks.send_email_changed.enqueue(member.pk, old_email, client.language)
        devices.forget_others(member, session_key)  # the new address ended them
    return Step(Outcome.COMPLETED, journey, member)


def email_step(binding: str, acting_pk=None) -> Step:
    """Where the code page stands for this browser (for its GET)."""
    journey = journeys.current(binding, FLOW)
    if journey is None or (journey.logged_in and journey.member_id != acting_pk):
        return Step(Outcome.ENDED)
    if journey.status == Status.COMPLETED:
        return Step(Outcome.COMPLETED, journey, journey.member)
    return Step(Outcome.STARTED, journey)
