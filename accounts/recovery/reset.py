"""
Lupa Kata Sandi, step by step, on the journey object (core/journeys.py).

Invariants:
- `request_reset` does the same work for every address: a journey, one event and one
  task. What depends on the account happens in the task (tasks.send_reset_code).
- `verify_reset_code` does one code hash for every address, known or not, and counts
  every wrong code on the journey, so the page runs out of tries alike for all.
- `complete_reset` changes the password only if it wins the single use of the
  verified code; the change retires every other code and journey of the member, ends
  the member's other sessions (the session hash changes), unlocks the account and
  mails a notice. It never logs the member in.
- A duplicate of any step, at once or later, gets the first one's outcome and
  changes nothing again.
"""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.tasks import TaskResult

from accounts.core import codes, journeys, limits, lockout
from accounts.core.clients import Client
from accounts.core.events import Kind, record_event
from accounts.core.journeys import Outcome, Status, Step
from accounts.core.tasks import send_password_changed
from accounts.models import Journey, Member

from . import tasks

FLOW = Journey.Flow.RESET
PURPOSE = codes.Purpose.PASSWORD_RESET


def request_reset(email: str, client: Client, operator=None) -> TaskResult:
    """
    Record the request and enqueue the task; the same for every address. An
    operator who asks on a member's behalf is recorded as the actor.
    """
    record_event(Kind.CODE_REQUESTED, client=client, email=email, actor=operator)
    return tasks.send_reset_code.enqueue(
        email, client.ip, client.user_agent, client.language, client.device_member_pk
    )


def start_reset(binding: str, email: str, client: Client) -> Step:
    step = journeys.start(
        binding, FLOW, PURPOSE, email, device_member_pk=client.device_member_pk
    )
    if step.outcome is Outcome.STARTED:
        request_reset(email, client)
    return step


def resend_reset_code(binding: str, round_seen: int | None, client: Client) -> Step:
    step = journeys.restart(binding, FLOW, round_seen)
    if step.outcome is Outcome.STARTED:
        request_reset(step.journey.email, client)
    return step


def _member_by_email(email: str) -> Member | None:
    return Member.objects.filter(email=email, is_active=True).first()


def verify_reset_code(binding: str, code: str, client: Client) -> Step:
    with transaction.atomic():
        journey = journeys.hold(binding, FLOW, code)
        if journey is None or journey.status in (Status.REPLACED, Status.RETIRED):
            return Step(Outcome.ENDED, journey)
        if journey.status == Status.VERIFIED:
            return Step(Outcome.VERIFIED, journey)  # a duplicate of the right code
        if journey.status == Status.COMPLETED:
            return Step(Outcome.COMPLETED, journey)
        if not journeys.tries_left(journey):
            refuse_spent_journey(journey, client)
            return Step(Outcome.TRIES_SPENT, journey)
        return _check_code(journey, code, client)


def _check_code(journey: Journey, code: str, client: Client) -> Step:
    member = _member_by_email(journey.email)
    if member is None or not member.is_eligible_for_reset:
        codes.hash_code(0, PURPOSE, code)  # the same hashing work as a real check
        journeys.record_wrong_code(journey)
        record_event(Kind.CODE_REJECTED, client=client, email=journey.email)
        return Step(Outcome.WRONG_CODE, journey)
    known = journey.device_member_pk == member.pk
    verified = codes.verify_code(
        member, PURPOSE, code, sent_to=journey.email, known_device=known
    )
    if verified is None:
        journeys.record_wrong_code(journey)
        record_event(Kind.CODE_REJECTED, client=client, member=member)
        if codes.was_replaced(member, PURPOSE, code):
            return Step(Outcome.REPLACED_CODE, journey)
        return Step(Outcome.WRONG_CODE, journey)
    journeys.mark_verified(journey, verified, member)
    record_event(Kind.CODE_VERIFIED, client=client, member=member)
    return Step(Outcome.VERIFIED, journey, member)


def refuse_spent_journey(journey: Journey, client: Client) -> None:
    """A code entered after the journey ran out of tries: refused unread, recorded."""
    detail = "session_spent"
    record_event(Kind.CODE_REJECTED, client=client, email=journey.email, detail=detail)


def password_step(binding: str) -> Step:
    """Where the new-password page stands for this browser (for its GET)."""
    return _password_step(journeys.current(binding, FLOW))


def _password_step(journey: Journey | None) -> Step:
    if journey is None:
        return Step(Outcome.ENDED)
    if journey.status == Status.COMPLETED:
        return Step(Outcome.COMPLETED, journey)
    if journey.status != Status.VERIFIED:
        return Step(Outcome.ENDED, journey)
    if not journeys.set_password_window_open(journey):
        return Step(Outcome.EXPIRED, journey)
    return Step(Outcome.VERIFIED, journey)


def complete_reset(binding: str, new_password: str, client: Client) -> Step:
    """Set the new password if the verified code is still unused."""
    limits.draw_hash(client.ip)
    password_hash = make_password(new_password)  # slow on purpose: outside the lock
    with transaction.atomic():
        journey = journeys.hold(binding, FLOW, with_code_member=True)
        step = _password_step(journey)
        if step.outcome is not Outcome.VERIFIED:
            return step
        code = journey.code
        if code is None or not codes.use_verified_code(code):
            return Step(Outcome.ENDED, journey)
        if code.member.email != journey.email:
            return Step(Outcome.ENDED, journey)
        member = code.member
        journeys.complete(journey, code, member)
        member.password = password_hash
        was_locked = lockout.clear_lock(member)  # a reset unlocks the account
        # Saving the password retires the member's other codes and journeys.
        member.save(update_fields=["password", *lockout.LOCK_FIELDS])
        member.device_sessions.all().delete()  # every session of the member just ended
        lockout.record_unlock(member, was_locked, client, detail="password_reset")
        record_event(Kind.PASSWORD_CHANGED, client=client, member=member)
    send_password_changed.enqueue(member.pk, client.language)
    return Step(Outcome.COMPLETED, journey, member)


def reset_completed(binding: str) -> bool:
    journey = journeys.current(binding, FLOW)
    return journey is not None and journey.status == Status.COMPLETED
