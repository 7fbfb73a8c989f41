"""
"Salah alamat email?": after "Daftar", the browser that registered corrects the
address it typed, while that address is still unproved.

Invariants:
- Only the browser holding the open "Daftar" journey (flow "email", proving the
  address, started logged out, with the NIK) may correct it: the journey proves it is
  the same "Daftar", so nothing else is asked.
- The request does the same work whatever the addresses: it replaces the journey with
  one for the corrected address, records one event and enqueues one task. The task
  moves the unverified account that "Daftar" opened to the corrected address
  (Member.save retires every code and journey of the old address) and mails a code
  there; when the corrected address belongs to another member, the account stays as
  it is and that member is told instead. So neither the page nor its timing says
  whether an address is taken.
- A repeat moments later (a double tap) finds the journey already at the corrected
  address and starts nothing.
- Budgets: code requests per client address (the view), codes per member (the caps
  of core/codes.py, counted on the account whatever its address).
"""

from django.db import transaction

from accounts.core import journeys
from accounts.core.clients import Client
from accounts.core.codes import Purpose
from accounts.core.events import Kind, record_event
from accounts.core.journeys import Outcome, Status, Step
from accounts.models import Journey

from . import tasks
from .audit import nik_label

FLOW = Journey.Flow.EMAIL
PURPOSE = Purpose.EMAIL_VERIFICATION


def correctable(binding: str) -> Journey | None:
    """The browser's "Daftar" journey, if its address can still be corrected."""
    journey = journeys.current(binding, FLOW)
    return journey if _is_correctable(journey) else None


def _is_correctable(journey: Journey | None) -> bool:
    return (
        journey is not None
        and journey.status == Status.OPEN
        and journey.purpose == PURPOSE
        and not journey.logged_in
        and bool(journey.nik)
    )


def correct_address(binding: str, email: str, client: Client) -> Step:
    """STARTED (a code is on its way to `email`), DUPLICATE, or ENDED."""
    with transaction.atomic():
        journey = journeys.hold(binding, FLOW)
        if not _is_correctable(journey):
            return Step(Outcome.ENDED)
        if journey.email == email:  # the twin of a request that corrected it
            return Step(Outcome.DUPLICATE, journey)
        old_email, nik = journey.email, journey.nik
        step = journeys.start(binding, FLOW, PURPOSE, email, nik=nik)
        detail = f"corrected from {old_email} {nik_label(nik)}"
        record_event(
            Kind.EMAIL_CHANGE_REQUESTED, client=client, email=email, detail=detail
        )
    tasks.move_account.enqueue(
        nik, old_email, email, client.ip, client.user_agent, client.language
    )
    return step
