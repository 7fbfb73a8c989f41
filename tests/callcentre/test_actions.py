"""
The operator's actions (callcentre/actions.py): each reports its real outcome, is
idempotent, is recorded with the operator as actor, and tells the member.
"""

from datetime import timedelta

from django.contrib import messages
from django.utils import timezone

from accounts.callcentre import actions, sentences
from accounts.core.clients import Client as Origin
from accounts.models import LimitWaiver, SecurityEvent, VerificationCode
from tests.conftest import read_code

from .conftest import lock_out, seed_codes

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
ORIGIN = Origin(ip="10.0.0.7")
OPERATOR_SUBJECT = "Petugas BPJS Ketenagakerjaan mengubah akun JMO Anda"


def notices(mailbox):
    return [mail for mail in mailbox if mail.subject == OPERATOR_SUBJECT]


def test_send_code_mails_the_member_and_says_so(member, agent, mailoutbox):
    outcome = actions.send_reset_code(member, agent, ORIGIN)
    assert outcome.result == "code_on_its_way" and outcome.to == "s***@example.com"
    assert mailoutbox[-1].to == [member.email] and read_code(mailoutbox)


def test_send_code_is_recorded_as_the_operators_request(member, agent, mailoutbox):
    actions.send_reset_code(member, agent, ORIGIN)
    request = SecurityEvent.objects.get(kind="code_requested")
    assert request.actor == agent and request.email == member.email


def test_send_code_past_the_hourly_cap_sends_nothing_and_says_until_when(
    member, agent, mailoutbox, clock
):
    seed_codes(member, 5, timedelta(minutes=35))
    outcome = actions.send_reset_code(member, agent, ORIGIN)
    assert outcome.result == "code_not_sent"
    assert [block.reason for block in outcome.answer.blocks] == ["code_hourly_cap"]
    assert outcome.answer.next_code_at == timezone.now() + timedelta(minutes=25)
    assert mailoutbox == []
    assert not SecurityEvent.objects.filter(kind="code_requested").exists()


def test_refusal_message_names_the_limit_and_the_time(member, agent, clock):
    seed_codes(member, 5, timedelta(minutes=35))
    outcome = actions.send_reset_code(member, agent, ORIGIN)
    level, text = sentences.outcome_message(outcome)
    until = sentences.clock(timezone.now() + timedelta(minutes=25))
    assert level == messages.WARNING
    assert str(sentences.BLOCK_PHRASES["code_hourly_cap"]) in text and until in text


def test_send_code_to_a_member_not_eligible_enqueues_nothing(
    member_factory, agent, mailoutbox
):
    member = member_factory(eligible=False)
    outcome = actions.send_reset_code(member, agent, ORIGIN)
    assert outcome.result == "code_not_sent"
    assert [block.reason for block in outcome.answer.blocks] == [
        "email_unverified",
        "data_not_updated",
    ]
    assert mailoutbox == [] and not SecurityEvent.objects.exists()


def test_send_code_twice_sends_one_code(member, agent, mailoutbox):
    actions.send_reset_code(member, agent, ORIGIN)
    second = actions.send_reset_code(member, agent, ORIGIN)
    assert second.result == "code_not_sent"
    assert [block.reason for block in second.answer.blocks] == ["code_cooldown"]
    assert len(mailoutbox) == 1 and VerificationCode.objects.count() == 1


def test_send_code_while_the_request_is_queued_asks_nothing_new(
    member, agent, settings
):
    settings.TASKS = DUMMY_TASKS  # the worker has not run the first request yet
    actions.send_reset_code(member, agent, ORIGIN)
    second = actions.send_reset_code(member, agent, ORIGIN)
    assert second.result == "code_already_asked"
    assert SecurityEvent.objects.filter(kind="code_requested").count() == 1


def test_lift_limit_then_send_gets_a_code_to_a_capped_member(
    member, agent, mailoutbox, clock
):
    seed_codes(member, 5, timedelta(minutes=35))
    actions.lift_limit_once(member, agent, "verified_by_phone", "", ORIGIN)
    outcome = actions.send_reset_code(member, agent, ORIGIN)
    assert outcome.result == "code_on_its_way"
    assert mailoutbox[-1].to == [member.email] and read_code(mailoutbox)
    assert LimitWaiver.objects.get().used_at == timezone.now()


def test_lift_limit_keeps_the_reason_and_the_operator(member, agent, clock):
    outcome = actions.lift_limit_once(
        member, agent, "other", "Datang ke kantor", ORIGIN
    )
    assert outcome.result == "limit_lifted"
    assert outcome.when == timezone.now() + timedelta(hours=1)
    waiver = LimitWaiver.objects.get()
    assert (waiver.member, waiver.granted_by) == (member, agent)
    assert (waiver.reason, waiver.note) == ("other", "Datang ke kantor")


def test_lift_limit_is_an_event_with_the_operator_and_the_member_is_told(
    member, agent, mailoutbox
):
    actions.lift_limit_once(member, agent, "verified_by_phone", "", ORIGIN)
    event = SecurityEvent.objects.get(kind="operator_change")
    assert event.actor == agent and event.detail == "limit_lifted"
    assert [mail.to for mail in notices(mailoutbox)] == [[member.email]]
    assert "batas pengiriman kode dibuka sekali" in notices(mailoutbox)[0].body


def test_lift_limit_twice_keeps_one_waiver_and_one_notice(member, agent, mailoutbox):
    actions.lift_limit_once(member, agent, "verified_by_phone", "", ORIGIN)
    again = actions.lift_limit_once(member, agent, "verified_by_phone", "", ORIGIN)
    assert again.result == "limit_already_lifted"
    assert LimitWaiver.objects.count() == 1 and len(notices(mailoutbox)) == 1


def test_mark_data_updated_makes_the_member_eligible_in_one_step(
    member_factory, agent, clock
):
    member = member_factory(eligible=False, email_verified_at=timezone.now())
    outcome = actions.mark_data_updated(member, agent, "verified_by_phone", "", ORIGIN)
    assert outcome.result == "data_updated"
    member.refresh_from_db()
    assert member.data_updated_at == timezone.now() and member.is_eligible_for_reset


def test_mark_data_updated_records_reason_and_operator_and_tells_the_member(
    member_factory, agent, mailoutbox
):
    member = member_factory(eligible=False)
    actions.mark_data_updated(member, agent, "other", "Cek KTP di cabang", ORIGIN)
    event = SecurityEvent.objects.get(kind="data_updated")
    assert event.actor == agent and event.detail == "other: Cek KTP di cabang"
    assert SecurityEvent.objects.get(kind="operator_change").actor == agent
    assert [mail.to for mail in notices(mailoutbox)] == [[member.email]]


def test_mark_data_updated_twice_changes_nothing(member_factory, agent, mailoutbox):
    member = member_factory(eligible=False)
    actions.mark_data_updated(member, agent, "verified_by_phone", "", ORIGIN)
    again = actions.mark_data_updated(member, agent, "verified_by_phone", "", ORIGIN)
    assert again.result == "data_already_updated"
    assert SecurityEvent.objects.filter(kind="data_updated").count() == 1
    assert len(notices(mailoutbox)) == 1


def test_unlock_unlocks_and_records_reason_and_operator(member, agent, mailoutbox):
    lock_out(member)
    outcome = actions.unlock(member, agent, "verified_by_phone", "", ORIGIN)
    assert outcome.result == "unlocked"
    member.refresh_from_db()
    assert member.locked_until is None
    event = SecurityEvent.objects.get(kind="unlocked")
    assert event.actor == agent and event.detail == "verified_by_phone"
    assert [mail.to for mail in notices(mailoutbox)] == [[member.email]]


def test_unlock_of_an_unlocked_member_changes_nothing(member, agent, mailoutbox):
    outcome = actions.unlock(member, agent, "verified_by_phone", "", ORIGIN)
    assert outcome.result == "not_locked"
    assert not SecurityEvent.objects.exists() and mailoutbox == []


def test_unlock_twice_unlocks_once(member, agent, mailoutbox):
    lock_out(member)
    actions.unlock(member, agent, "verified_by_phone", "", ORIGIN)
    again = actions.unlock(member, agent, "verified_by_phone", "", ORIGIN)
    assert again.result == "not_locked"
    assert SecurityEvent.objects.filter(kind="unlocked").count() == 1
