"""The "Daftar" logic of accounts/registration.py."""

from datetime import date

from accounts.core import journeys
from accounts.core.clients import Client
from accounts.models import Member, SecurityEvent, VerificationCode
from accounts.registration import register as registration
from accounts.registration import tasks as registration_tasks
from tests.conftest import read_code

CLIENT = Client(ip="203.0.113.9", user_agent="pytest", language="id")
DOB = date(1990, 8, 17)
BROWSER = journeys.session_hash("browser")


def register(participant, email="rina@example.com", binding=BROWSER, **changes):
    data = {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": DOB,
        "email": email,
        "password": "Pakai001",
        **changes,
    }
    return registration.register(binding, client=CLIENT, **data)


def test_matching_participant_gets_an_unverified_account(participant, mailoutbox):
    assert register(participant) == registration.Registration()
    member = Member.objects.get(email="rina@example.com")
    assert member.full_name == "Rina Wulandari"
    assert (member.nik, member.kpj_number) == (participant.nik, participant.kpj_number)
    assert member.check_password("Pakai001")
    assert member.email_verified_at is None and member.data_updated_at is None
    assert not member.is_eligible_for_reset


def test_the_new_address_gets_a_verification_code(participant, mailoutbox):
    register(participant)
    assert mailoutbox[-1].to == ["rina@example.com"]
    assert mailoutbox[-1].subject == "Verifikasi email JMO Anda"
    assert len(read_code(mailoutbox)) == 6
    code = VerificationCode.objects.get()
    assert (code.purpose, code.sent_to) == ("email_verification", "rina@example.com")


def test_registration_is_recorded(participant, mailoutbox):
    register(participant)
    event = SecurityEvent.objects.get(kind="registered")
    assert event.member.email == "rina@example.com" and event.ip == "203.0.113.9"


WRONG_FIELDS = [
    {"nik": "3275011708900009"},
    {"kpj_number": "21000000009"},
    {"date_of_birth": date(1990, 8, 18)},
]


def test_any_wrong_field_gets_the_same_mismatch(participant, mailoutbox):
    for change in WRONG_FIELDS:
        assert register(participant, **change).error == "mismatch"
    assert not Member.objects.exists()
    assert mailoutbox == []


def test_a_participant_with_an_account_cannot_register_again(participant, mailoutbox):
    register(participant)
    outcome = register(participant, email="lain@example.com")
    assert outcome.error == "mismatch"
    assert Member.objects.count() == 1


def test_every_refusal_is_recorded_with_a_masked_nik(participant):
    register(participant, kpj_number="21000000009")
    event = SecurityEvent.objects.get(kind="registration_refused")
    assert event.detail == "mismatch nik ...0001"
    assert participant.nik not in event.detail and event.email == "rina@example.com"


def test_an_address_in_use_gets_the_same_answer_and_its_owner_an_email(
    participant, member, mailoutbox
):
    assert register(participant, email=member.email) == registration.Registration()
    assert Member.objects.count() == 1  # only the owner
    assert mailoutbox[-1].to == [member.email]
    assert "sudah terhubung dengan akun Anda" in mailoutbox[-1].body
    assert not VerificationCode.objects.exists()
    assert SecurityEvent.objects.filter(kind="email_in_use_notice").count() == 1


def test_a_used_and_a_fresh_address_both_pay_for_one_password_hash(
    participant, member, monkeypatch, mailoutbox
):
    hashed = []
    real = registration.make_password
    monkeypatch.setattr(
        registration, "make_password", lambda raw: hashed.append(raw) or real(raw)
    )
    register(participant, email=member.email)
    register(participant, email="baru@example.com")
    assert hashed == ["Pakai001", "Pakai001"]


def test_owner_notices_share_the_hourly_budget(participant, member, mailoutbox):
    for browser in range(7):  # each from its own browser: none is a double tap
        register(participant, email=member.email, binding=f"browser-{browser}")
    assert len(mailoutbox) == 5


def test_the_sixth_attempt_on_one_nik_within_an_hour_is_refused(participant, clock):
    for _ in range(5):
        assert register(participant, kpj_number="21000000009").error == "mismatch"
    refused = register(participant)  # even with the right data
    assert refused.error == "nik_throttled" and 0 < refused.retry_seconds <= 3600
    assert not Member.objects.exists()
    assert SecurityEvent.objects.filter(detail__startswith="nik_throttled").exists()


def test_the_nik_throttle_lifts_in_the_next_hour(participant, clock, mailoutbox):
    for _ in range(5):
        register(participant, kpj_number="21000000009")
    clock.shift(3600)
    assert register(participant).error == ""


def test_the_nik_throttle_is_per_nik(participant, mailoutbox):
    for _ in range(5):
        register(participant, nik="3275011708900009")
    assert register(participant).error == ""


def open_again(participant, email):
    """Run the task body again, as `requeuetasks` does after a worker died."""
    result = registration_tasks.open_account.enqueue(
        participant.nik, email, "argon2$hash", "203.0.113.9", "pytest", "id"
    )
    return result.return_value


def test_a_rerun_of_the_task_opens_no_second_account(participant, mailoutbox):
    register(participant)
    assert open_again(participant, "rina@example.com") == "already_opened"
    assert Member.objects.count() == 1
    assert len(mailoutbox) == 1  # the code's cool-down holds back a second mail


def test_the_task_answers_for_every_case(participant, member, mailoutbox):
    assert open_again(participant, member.email) == "email_in_use"
    register(participant, email="rina@example.com")
    assert open_again(participant, "lain@example.com") == "already_registered"
    participant.delete()
    assert open_again(participant, "baru@example.com") == "no_participant"
    assert not Member.objects.filter(email="baru@example.com").exists()
