"""The Lupa Akun logic of accounts/recovery/find_account.py."""

from datetime import date

import pytest

from accounts.core import journeys
from accounts.core.clients import Client
from accounts.models import Journey, SecurityEvent
from accounts.recovery import find_account as lupa_akun
from accounts.recovery.find_account import Found
from tests.conftest import read_code

CLIENT = Client(ip="203.0.113.9", user_agent="pytest", language="id")
DOB = date(1990, 8, 17)
BROWSER = journeys.session_hash("browser")


@pytest.fixture
def holder(participant, member_factory):
    """The participant's account, with a verified address and current data."""
    return member_factory(
        email="rina@example.com", nik=participant.nik, kpj_number=participant.kpj_number
    )


def find(participant, binding=BROWSER, **changes):
    data = {
        "nik": participant.nik,
        "kpj_number": participant.kpj_number,
        "date_of_birth": DOB,
        **changes,
    }
    return lupa_akun.find_account(binding, client=CLIENT, **data)


def test_matching_data_finds_the_account(participant, holder):
    lookup = find(participant)
    assert lookup.outcome is Found.FOUND
    assert lupa_akun.found_account(lookup.token) == holder


WRONG_FIELDS = [
    {"nik": "3275011708900009"},
    {"kpj_number": "21000000009"},
    {"date_of_birth": date(1990, 8, 18)},
]


@pytest.mark.parametrize("change", WRONG_FIELDS)
def test_any_wrong_field_is_not_found(participant, holder, change):
    lookup = find(participant, **change)
    assert lookup == lupa_akun.Lookup(Found.NOT_FOUND)


def test_a_participant_without_an_account_is_not_found(participant):
    assert find(participant) == lupa_akun.Lookup(Found.NOT_FOUND)


def test_an_inactive_account_is_not_found(participant, holder):
    holder.is_active = False
    holder.save(update_fields=["is_active"])
    assert find(participant).outcome is Found.NOT_FOUND


def test_a_member_with_the_nik_but_no_participant_is_not_found(member_factory):
    member_factory(nik="3275011708900001")
    lookup = lupa_akun.find_account(
        BROWSER, "3275011708900001", "21000000001", DOB, CLIENT
    )
    assert lookup.outcome is Found.NOT_FOUND


def test_a_match_is_recorded_with_a_masked_nik(participant, holder):
    find(participant)
    event = SecurityEvent.objects.get(kind="account_lookup_ok")
    assert event.member == holder and event.detail == "nik ...0001"
    assert event.ip == "203.0.113.9" and participant.nik not in event.detail


def test_a_mismatch_is_recorded_with_a_masked_nik(participant):
    find(participant)
    event = SecurityEvent.objects.get(kind="account_lookup_refused")
    assert event.detail == "mismatch nik ...0001" and event.member is None


def test_a_match_and_a_mismatch_run_the_same_queries(
    participant, holder, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the lookup and the event
        find(participant, binding="one")
    with django_assert_num_queries(2):
        find(participant, binding="two", kpj_number="21000000009")


def test_the_sixth_try_on_one_nik_within_an_hour_is_refused(participant, holder):
    for browser in range(5):
        find(participant, binding=f"b{browser}", kpj_number="21000000009")
    refused = find(participant)  # even with the right data
    assert refused.outcome is Found.NIK_THROTTLED and not refused.token
    assert 0 < refused.retry_seconds <= 3600
    event = SecurityEvent.objects.get(detail="nik_throttled nik ...0001")
    assert event.kind == "account_lookup_refused"


def test_the_nik_budget_lifts_in_the_next_hour(participant, holder, clock):
    for browser in range(5):
        find(participant, binding=f"b{browser}", kpj_number="21000000009")
    clock.shift(3600)
    assert find(participant).outcome is Found.FOUND


def test_the_nik_budget_is_per_nik(participant, holder):
    for browser in range(5):
        find(participant, binding=f"b{browser}", nik="3275011708900009")
    assert find(participant).outcome is Found.FOUND


def test_the_nik_budget_follows_its_setting(participant, holder, settings):
    settings.JMO_FIND_ACCOUNT_PER_NIK_PER_HOUR = 0
    assert find(participant).outcome is Found.NIK_THROTTLED


def test_a_double_tap_gets_the_first_answer_and_draws_once(participant, holder):
    first = find(participant)
    assert find(participant) == first
    assert SecurityEvent.objects.filter(kind="account_lookup_ok").count() == 1
    for browser in range(4):  # the double tap left 4 of the 5 tries
        find(participant, binding=f"b{browser}", kpj_number="21000000009")
    assert find(participant, binding="b9").outcome is Found.NIK_THROTTLED


def test_the_token_lapses_after_ten_minutes(participant, holder, clock):
    token = find(participant).token  # signed in whole seconds
    clock.shift(599)
    assert lupa_akun.found_account(token) == holder
    clock.shift(2)
    assert lupa_akun.found_account(token) is None


@pytest.mark.parametrize("token", ["", "forged", "1:abc:def", None])
def test_a_missing_or_forged_token_finds_nothing(db, token):
    assert lupa_akun.found_account(token) is None


def test_a_token_of_another_salt_finds_nothing(participant, holder):
    from django.core import signing

    assert lupa_akun.found_account(signing.dumps(holder.pk)) is None


def test_send_code_mails_a_reset_code_to_the_found_account(
    participant, holder, mailoutbox
):
    step = lupa_akun.send_code(BROWSER, find(participant).token, CLIENT)
    assert step.outcome is journeys.Outcome.STARTED
    assert step.journey.flow == Journey.Flow.RESET
    assert step.journey.email == "rina@example.com"
    assert mailoutbox[-1].to == ["rina@example.com"] and read_code(mailoutbox)
    assert SecurityEvent.objects.filter(kind="code_requested").count() == 1


def test_send_code_twice_starts_one_journey(participant, holder, mailoutbox):
    token = find(participant).token
    lupa_akun.send_code(BROWSER, token, CLIENT)
    step = lupa_akun.send_code(BROWSER, token, CLIENT)
    assert step.outcome is journeys.Outcome.DUPLICATE
    assert Journey.objects.count() == 1 and len(mailoutbox) == 1


def test_send_code_without_a_token_sends_nothing(db, mailoutbox):
    assert lupa_akun.send_code(BROWSER, "", CLIENT) is None
    assert not Journey.objects.exists() and mailoutbox == []


def test_a_never_verified_address_gets_no_code(participant, holder, mailoutbox):
    holder.email_verified_at = None
    holder.save(update_fields=["email_verified_at"])
    token = find(participant).token
    assert not lupa_akun.can_receive_code(lupa_akun.found_account(token))
    assert lupa_akun.send_code(BROWSER, token, CLIENT) is None
    assert not Journey.objects.exists() and mailoutbox == []


def test_an_account_without_current_data_gets_no_code(participant, holder):
    holder.data_updated_at = None
    holder.save(update_fields=["data_updated_at"])
    token = find(participant).token
    assert lupa_akun.send_code(BROWSER, token, CLIENT) is None
