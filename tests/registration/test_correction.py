"""Correcting the address typed at "Daftar": accounts/registration/correction.py."""

from datetime import date

from accounts.core import journeys
from accounts.core.clients import Client
from accounts.core.journeys import Outcome
from accounts.models import Journey, Member, SecurityEvent, VerificationCode
from accounts.registration import correction
from accounts.registration import register as registration
from accounts.registration import tasks as registration_tasks
from accounts.selfservice import email_address
from tests.conftest import read_code

CLIENT = Client(ip="203.0.113.9", user_agent="pytest", language="id")
BROWSER = journeys.session_hash("browser")
TYPO = "rina@gmial.com"
RIGHT = "rina@gmail.com"


def register(participant, email=TYPO, binding=BROWSER):
    return registration.register(
        binding,
        participant.nik,
        participant.kpj_number,
        date(1990, 8, 17),
        email,
        "Pakai001",
        CLIENT,
    )


def correct(email=RIGHT, binding=BROWSER):
    return correction.correct_address(binding, email, CLIENT)


def test_the_account_moves_to_the_corrected_address(participant, mailoutbox):
    register(participant)
    assert correct().outcome is Outcome.STARTED
    member = Member.objects.get(nik=participant.nik)
    assert member.email == RIGHT and member.email_verified_at is None


def test_a_code_goes_to_the_corrected_address_at_once(participant, clock, mailoutbox):
    register(participant)
    correct()  # within the minute of the first code: a new mailbox, no cool-down
    assert [message.to for message in mailoutbox] == [[TYPO], [RIGHT]]
    code = VerificationCode.objects.get(sent_to=RIGHT)
    assert code.purpose == "email_verification"


def test_the_code_sent_to_the_typo_is_retired(participant, mailoutbox):
    register(participant)
    correct()
    old = VerificationCode.objects.get(sent_to=TYPO)
    assert old.retired_at is not None and old.retired_reason == "account_changed"


def test_the_code_from_the_corrected_address_verifies_it(participant, mailoutbox):
    register(participant)
    correct()
    step = email_address.confirm_code(BROWSER, read_code(mailoutbox), CLIENT)
    assert step.outcome is Outcome.COMPLETED
    assert Member.objects.get(email=RIGHT).email_verified_at is not None


def test_the_code_mailed_to_the_typo_no_longer_works(participant, mailoutbox):
    register(participant)
    typo_code = read_code(mailoutbox)
    correct()
    step = email_address.confirm_code(BROWSER, typo_code, CLIENT)
    assert step.outcome is not Outcome.COMPLETED
    assert Member.objects.get(nik=participant.nik).email_verified_at is None


def test_the_browser_goes_on_with_one_journey_for_the_corrected_address(
    participant, mailoutbox
):
    register(participant)
    correct()
    live = Journey.objects.filter(status__in=Journey.LIVE)
    assert list(live.values_list("email", "nik")) == [(RIGHT, participant.nik)]


def test_the_typo_address_is_not_told(participant, mailoutbox):
    register(participant)
    correct()
    assert [TYPO] not in [message.to for message in mailoutbox[1:]]


def test_a_double_tap_corrects_once(participant, mailoutbox):
    register(participant)
    correct()
    assert correct().outcome is Outcome.DUPLICATE
    assert len(mailoutbox) == 2
    assert SecurityEvent.objects.filter(kind="email_changed").count() == 1


def test_a_corrected_address_in_use_gets_the_same_answer_and_its_owner_a_notice(
    participant, member, mailoutbox
):
    register(participant)
    assert correct(member.email).outcome is Outcome.STARTED
    assert Member.objects.get(nik=participant.nik).email == TYPO  # unchanged
    assert mailoutbox[-1].to == [member.email]
    assert "Seseorang baru saja mencoba" in mailoutbox[-1].body
    assert not VerificationCode.objects.filter(sent_to=member.email).exists()


def test_the_correction_is_recorded(participant, mailoutbox):
    register(participant)
    correct()
    requested = SecurityEvent.objects.get(kind="email_change_requested")
    assert requested.email == RIGHT
    assert requested.detail == f"corrected from {TYPO} nik ...0001"
    changed = SecurityEvent.objects.get(kind="email_changed")
    assert changed.detail == f"corrected after registration, from {TYPO}"


def test_only_the_browser_that_registered_can_correct(participant, mailoutbox):
    register(participant)
    other = journeys.session_hash("other browser")
    assert correct(binding=other).outcome is Outcome.ENDED
    assert Member.objects.get(nik=participant.nik).email == TYPO


def test_a_logged_in_email_journey_cannot_be_corrected(member_factory, mailoutbox):
    pending = member_factory(eligible=False)
    email_address.start_verification(BROWSER, pending, CLIENT)
    assert correct().outcome is Outcome.ENDED
    assert correction.correctable(BROWSER) is None


def test_after_verification_the_address_cannot_be_corrected(participant, mailoutbox):
    register(participant)
    email_address.confirm_code(BROWSER, read_code(mailoutbox), CLIENT)
    assert correct().outcome is Outcome.ENDED
    assert Member.objects.get(nik=participant.nik).email == TYPO


def test_codes_for_corrections_share_the_members_caps(participant, mailoutbox):
    register(participant)
    for number in range(6):  # 1 + 6 codes asked for within the hour
        correct(f"rina{number}@gmail.com")
    assert VerificationCode.objects.count() == 5


def move_again(participant, old, new):
    """Run the task body by itself, as `requeuetasks` does after a worker died."""
    result = registration_tasks.move_account.enqueue(
        participant.nik, old, new, "203.0.113.9", "pytest", "id"
    )
    return result.return_value


def test_the_task_answers_for_every_case(participant, member, mailoutbox):
    assert move_again(participant, TYPO, RIGHT) == "no_account"  # Daftar not run
    assert move_again(participant, member.email, RIGHT) == "not_opened"
    register(participant)
    assert move_again(participant, TYPO, member.email) == "email_in_use"
    assert move_again(participant, TYPO, RIGHT) == "code_sent"
    assert move_again(participant, "lain@gmail.com", "x@gmail.com") == "superseded"
