"""
Races against the real PostgreSQL server: single use and the caps are database facts.
Run with DATABASE_URL=postgres://... (make test does); each thread has its own
connection, so the data must be committed (transactional_db).
"""

import pytest
from django.core import mail
from django.db import connection

from accounts.core import codes, journeys, lockout
from accounts.core.clients import Client
from accounts.core.journeys import Outcome
from accounts.models import Member, SecurityEvent, VerificationCode
from accounts.recovery import reset as recovery
from accounts.registration import register as registration
from tests import concurrency
from tests.conftest import read_code
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RESET = codes.Purpose.PASSWORD_RESET
THREADS = 20


@pytest.fixture(autouse=True)
def needs_postgres():
    assert connection.vendor == "postgresql", "run with DATABASE_URL=postgres://..."


def at_once(action, count=THREADS):
    return concurrency.at_once(action, count)


@pytest.fixture
def member(member_factory):
    return member_factory(email="balapan@example.com")


def refused_or_issued(member):
    try:
        return codes.issue_code(member, RESET)
    except codes.CodeRefused as refused:
        return refused.reason


def verify(member, code):
    return codes.verify_code(member, RESET, code, sent_to=member.email)


def test_one_code_verifies_once_among_parallel_submissions(member):
    code = codes.issue_code(member, RESET)
    results = at_once(lambda _: verify(member, code))
    assert sum(result is not None for result in results) == 1


def test_one_verified_journey_changes_the_password_once(member, mailoutbox):
    browser = journeys.session_hash("one-browser")
    recovery.start_reset(browser, member.email, Client())
    assert recovery.verify_reset_code(browser, read_code(mailoutbox), Client()).outcome
    mail.outbox.clear()
    results = at_once(
        lambda i: recovery.complete_reset(browser, f"BPjs{i:03d}", Client()).outcome
    )
    assert set(results) == {Outcome.COMPLETED}  # every tap lands on "Success"
    assert SecurityEvent.objects.filter(kind="password_changed").count() == 1
    assert len(mail.outbox) == 1
    member = Member.objects.get()
    assert [member.check_password(f"BPjs{i:03d}") for i in range(THREADS)].count(
        True
    ) == 1


def test_twenty_browsers_with_the_same_code_change_the_password_once(
    member, mailoutbox, settings
):
    """Twenty journeys verified with codes in turn: only the last code is live."""
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0
    browser = journeys.session_hash("the-member")
    recovery.start_reset(browser, member.email, Client())
    recovery.verify_reset_code(browser, read_code(mailoutbox), Client())
    attackers = [journeys.session_hash(f"other-{i}") for i in range(THREADS)]
    results = at_once(
        lambda i: recovery.complete_reset(attackers[i], "BPjs234", Client()).outcome
    )
    assert set(results) == {Outcome.ENDED}  # no journey of theirs was verified
    assert Member.objects.get().check_password("Lama1234")


def test_parallel_code_requests_respect_the_hourly_cap_exactly(member, settings):
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0
    results = at_once(lambda _: refused_or_issued(member))
    assert results.count("code_hourly_cap") == THREADS - 5
    assert VerificationCode.objects.count() == 5
    assert VerificationCode.objects.filter(retired_at__isnull=True).count() == 1


def test_parallel_wrong_guesses_spend_at_most_the_allowed_attempts(member):
    code = codes.issue_code(member, RESET)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    at_once(lambda _: verify(member, wrong))
    assert VerificationCode.objects.get().attempts == 5
    assert verify(member, code) is None


def test_parallel_right_and_wrong_guesses_never_exceed_the_attempts(member):
    code = codes.issue_code(member, RESET)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    guesses = [code] + [wrong] * (THREADS - 1)
    at_once(lambda i: verify(member, guesses[i]))
    assert VerificationCode.objects.get().attempts <= 5


def test_parallel_wrong_passwords_are_all_counted_and_lock(member):
    at_once(lambda _: lockout.record_failed_login(member, Client()), count=10)
    assert SecurityEvent.objects.filter(kind="login_failed").count() == 10
    assert SecurityEvent.objects.filter(kind="locked").count() == 2
    member.refresh_from_db()
    assert member.locked_until is not None


def register(participant, email, browser=None):
    return registration.register(
        browser or journeys.session_hash(f"{participant.nik} {email}"),
        participant.nik,
        participant.kpj_number,
        participant.date_of_birth,
        email,
        "Pakai001",
        Client(),
    )


def test_one_participant_gets_one_account_among_parallel_registrations(
    participant, settings
):
    settings.JMO_REGISTRATIONS_PER_NIK_PER_HOUR = THREADS
    at_once(lambda i: register(participant, f"daftar{i}@example.com"))
    assert Member.objects.filter(nik=participant.nik).count() == 1
    refused = SecurityEvent.objects.filter(kind="registration_refused")
    opened = SecurityEvent.objects.filter(kind="registered").count()
    assert opened + refused.count() == THREADS  # each one answered by the task
    assert opened == 1


def test_one_address_gets_one_account_among_parallel_registrations(db, mailoutbox):
    participants = [ParticipantFactory() for _ in range(THREADS)]
    results = at_once(lambda i: register(participants[i], "sama@example.com"))
    assert set(results) == {registration.Registration()}  # all look alike
    assert Member.objects.filter(email="sama@example.com").count() == 1
    in_use = SecurityEvent.objects.filter(detail__startswith="email_in_use")
    assert in_use.count() == THREADS - 1
