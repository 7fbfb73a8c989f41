"""The support page's answers, read from the rows (callcentre/status.py)."""

from datetime import timedelta

from django.utils import timezone

from accounts.callcentre import sentences, status
from accounts.core import limits
from accounts.core.clients import Client as Origin
from accounts.core.codes import Purpose, issue_code
from accounts.core.events import Kind, record_event
from accounts.models import LimitWaiver, SecurityEvent, VerificationCode
from accounts.recovery.reset import request_reset

from .conftest import lock_out, seed_codes

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def reasons(answer):
    return [block.reason for block in answer.blocks]


def test_member_without_failures_can_log_in(member, clock):
    login = status.login_answer(member, timezone.now())
    assert login.can_log_in and login.failures == 0 and login.sources == []


def test_locked_member_cannot_log_in_until_the_lock_ends(member, clock):
    lock_out(member)
    member.refresh_from_db()
    login = status.login_answer(member, timezone.now())
    assert not login.can_log_in
    assert login.locked_until == timezone.now() + timedelta(minutes=30)


def test_lock_names_each_address_with_its_wrong_passwords(member, clock):
    lock_out(member, ip="203.0.113.5", times=3)
    lock_out(member, ip="198.51.100.7", times=2)
    member.refresh_from_db()
    login = status.login_answer(member, timezone.now())
    assert login.failures == 5
    assert login.sources == [("203.0.113.5", 3), ("198.51.100.7", 2)]


def test_lock_counts_only_the_failures_that_caused_it(member, clock):
    lock_out(member, ip="192.0.2.1", times=5)  # an earlier lock, long over
    clock.shift(timedelta(hours=2))
    lock_out(member, ip="203.0.113.5", times=5)
    member.refresh_from_db()
    login = status.login_answer(member, timezone.now())
    assert login.sources == [("203.0.113.5", 5)]


def test_logins_refused_during_the_lock_are_counted(member, clock):
    lock_out(member, times=7)  # five lock it, two more are refused
    member.refresh_from_db()
    assert status.login_answer(member, timezone.now()).refused_while_locked == 2


def test_wrong_passwords_short_of_a_lock_are_counted(member, clock):
    lock_out(member, ip="203.0.113.5", times=2)
    member.refresh_from_db()
    login = status.login_answer(member, timezone.now())
    assert login.can_log_in
    assert login.failures == 2 and login.sources == [("203.0.113.5", 2)]


def test_switched_off_member_cannot_log_in(member_factory, clock):
    member = member_factory(is_active=False)
    assert not status.login_answer(member, timezone.now()).can_log_in


def test_lock_headline_says_until_when(member, clock):
    lock_out(member)
    member.refresh_from_db()
    now = timezone.now()
    headline = sentences.login_headline(status.login_answer(member, now), now)
    assert sentences.clock(member.locked_until) in headline


def test_locked_answer_tells_that_a_known_browser_still_logs_in(member, clock):
    lock_out(member)
    member.refresh_from_db()
    details = sentences.login_details(status.login_answer(member, timezone.now()))
    assert any(
        "device cookie" in line or "cookie perangkat" in line for line in details
    )


def test_code_can_be_sent_to_an_eligible_member(member, clock):
    answer = status.code_answer(member, timezone.now())
    assert answer.can_send and answer.blocks == []


def test_cooldown_blocks_for_a_minute_after_the_last_code(member, clock):
    issue_code(member, Purpose.PASSWORD_RESET)
    now = timezone.now()
    answer = status.code_answer(member, now)
    assert reasons(answer) == ["code_cooldown"]
    assert answer.next_code_at == now + timedelta(seconds=60)


def test_hourly_cap_blocks_until_the_oldest_code_of_the_hour_is_an_hour_old(
    member, clock
):
    seed_codes(member, 5, timedelta(minutes=35))
    now = timezone.now()
    answer = status.code_answer(member, now)
    assert reasons(answer) == ["code_hourly_cap"]
    assert answer.next_code_at == now + timedelta(minutes=25)


def test_daily_cap_blocks_until_the_oldest_code_of_the_day_is_a_day_old(member, clock):
    seed_codes(member, 10, timedelta(hours=20))
    now = timezone.now()
    answer = status.code_answer(member, now)
    assert reasons(answer) == ["code_daily_cap"]
    assert answer.next_code_at == now + timedelta(hours=4)


def test_unverified_email_blocks_until_someone_acts(member_factory, clock):
    member = member_factory(eligible=False, data_updated_at=timezone.now())
    answer = status.code_answer(member, timezone.now())
    assert reasons(answer) == ["email_unverified"]
    assert answer.next_code_at is None


def test_data_not_updated_blocks(member_factory, clock):
    member = member_factory(eligible=False, email_verified_at=timezone.now())
    assert reasons(status.code_answer(member, timezone.now())) == ["data_not_updated"]


def test_switched_off_account_blocks(member_factory, clock):
    member = member_factory(is_active=False)
    assert reasons(status.code_answer(member, timezone.now())) == ["inactive"]


def test_spent_mailbox_blocks_until_its_day_ends(member, clock, settings):
    key = limits.private_key(member.email)
    for _ in range(settings.JMO_MAILS_PER_ADDRESS_PER_DAY):
        limits.draw(limits.MAILS_PER_ADDRESS, key)
    now = timezone.now()
    answer = status.code_answer(member, now)
    assert reasons(answer) == ["mailbox_daily_cap"]
    assert answer.next_code_at > now


def test_open_waiver_clears_the_cap_and_is_shown(member, agent, clock):
    seed_codes(member, 5, timedelta(minutes=35))
    LimitWaiver.objects.create(member=member, granted_by=agent, reason="other")
    answer = status.code_answer(member, timezone.now())
    assert answer.can_send and answer.waiver.granted_by == agent


def test_request_the_task_has_not_answered_is_pending(member, clock, settings):
    settings.TASKS = DUMMY_TASKS
    request_reset(member.email, Origin())
    answer = status.code_answer(member, timezone.now())
    assert answer.pending_since == timezone.now()


def test_request_answered_with_a_code_is_not_pending(member, clock):
    request_reset(member.email, Origin())  # the immediate backend sends at once
    assert status.pending_request(member, timezone.now()) is None


def test_request_answered_with_a_refusal_is_not_pending(member, clock, settings):
    settings.TASKS = DUMMY_TASKS
    request_reset(member.email, Origin())
    record_event(
        Kind.CODE_THROTTLED, client=Origin(), member=member, detail="code_hourly_cap"
    )
    assert status.pending_request(member, timezone.now()) is None


def test_old_unanswered_request_is_not_pending(member, clock, settings):
    settings.TASKS = DUMMY_TASKS
    request_reset(member.email, Origin())
    clock.shift(timedelta(seconds=status.PENDING_REQUEST_SECONDS))
    assert status.pending_request(member, timezone.now()) is None


def test_codes_are_listed_newest_first_with_status_and_masked_address(member, clock):
    seed_codes(member, 1, timedelta(minutes=30))
    issue_code(member, Purpose.PASSWORD_RESET)
    rows = status.last_codes(member, timezone.now())
    assert [row.status for row in rows] == [
        sentences.code_status_label("active"),
        sentences.code_status_label("replaced"),
    ]
    assert rows[0].sent_to == "s***@example.com" and not rows[0].known_device


def test_code_status_tells_each_state(member, clock):
    now = timezone.now()
    base = {"member": member, "purpose": "password_reset", "code_hash": "0" * 64}
    made = dict(created_at=now, expires_at=now + timedelta(minutes=10))
    cases = {
        "used": {"verified_at": now, "used_at": now},
        "verified": {"verified_at": now},
        "replaced": {"retired_at": now, "retired_reason": "replaced"},
        "account_changed": {"retired_at": now, "retired_reason": "account_changed"},
        "exhausted": {"attempts": 5},
        "expired": {"expires_at": now - timedelta(seconds=1)},
        "active": {},
    }
    for expected, fields in cases.items():
        code = VerificationCode(**base, **{**made, **fields})
        assert status.code_status(code, now) == expected


def test_events_are_plain_sentences_with_the_operator(member, agent, clock):
    lock_out(member, ip="203.0.113.5")
    record_event(
        Kind.UNLOCKED,
        client=Origin(),
        member=member,
        actor=agent,
        detail="verified_by_phone",
    )
    rows = status.last_events(member, timezone.now())
    sentence_of = {row.sentence: row.actor for row in rows}
    assert (
        sentences.event_sentence(
            SecurityEvent(kind=Kind.LOGIN_FAILED, ip="203.0.113.5")
        )
        in sentence_of
    )
    unlocked = rows[0]
    assert unlocked.actor == agent.full_name
    assert "verified_by_phone" not in unlocked.sentence


def test_reset_requests_filed_under_the_address_are_listed(member, clock, settings):
    settings.TASKS = DUMMY_TASKS
    request_reset(member.email, Origin(ip="198.51.100.7"))
    rows = status.last_events(member, timezone.now())
    assert "198.51.100.7" in rows[0].sentence


def test_events_of_another_address_are_not_listed(member, clock, settings):
    settings.TASKS = DUMMY_TASKS
    request_reset("orang.lain@example.com", Origin(ip="198.51.100.7"))
    assert status.last_events(member, timezone.now()) == []


def test_every_kind_of_event_has_a_sentence():
    missing = [
        kind for kind in SecurityEvent.Kind if kind not in sentences.EVENT_SENTENCES
    ]
    assert missing == []


def test_every_change_an_operator_makes_has_a_phrase():
    from accounts.core.operators import CHANGES

    assert [c for c in CHANGES if c not in sentences.CHANGE_PHRASES] == []


def test_whole_page_reads_in_one_go(member, agent, clock):
    lock_out(member)
    seed_codes(member, 5, timedelta(minutes=35))
    member.refresh_from_db()
    page = status.member_support(member, timezone.now())
    assert page.capped and not page.data_not_updated
    assert page.login_headline and page.code_headline and page.events
