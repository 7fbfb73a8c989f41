"""The call centre's words (callcentre/sentences.py), checked in English."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from accounts.callcentre import sentences
from accounts.models import SecurityEvent

Kind = SecurityEvent.Kind
# 10:58 in Jakarta (UTC+7).
MORNING = datetime(2026, 11, 26, 3, 58, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_time_today_is_the_clock_in_wib():
    assert sentences.when(MORNING, MORNING - timedelta(hours=1)) == "at 10:58 WIB"


def test_a_time_tomorrow_says_tomorrow():
    late = MORNING + timedelta(hours=14)  # 00:58 the next day in Jakarta
    assert sentences.when(late, MORNING) == "tomorrow at 00:58 WIB"


def test_a_time_further_away_has_its_date():
    assert sentences.when(MORNING, MORNING + timedelta(days=3)) == (
        "26/11/2026 at 10:58 WIB"
    )


def test_a_column_shows_the_clock_alone_today():
    assert sentences.short_when(MORNING, MORNING) == "10:58"
    assert sentences.short_when(MORNING + timedelta(hours=14), MORNING) == (
        "27/11 00:58"
    )


def test_a_reason_from_the_list_reads_as_its_label():
    assert sentences.reason_text("verified_by_phone") == (
        "the call centre verified the member on the phone"
    )


def test_an_other_reason_reads_as_what_the_operator_wrote():
    assert sentences.reason_text("other: came to the branch") == "came to the branch"


def test_wrong_password_event_names_the_address():
    event = SecurityEvent(kind=Kind.LOGIN_FAILED, ip="203.0.113.5")
    assert sentences.event_sentence(event) == (
        "Login failed (wrong password) from 203.0.113.5"
    )


def test_refused_code_event_names_the_limit():
    event = SecurityEvent(kind=Kind.CODE_THROTTLED, detail="code_hourly_cap")
    assert sentences.event_sentence(event) == "Code not sent: hourly limit reached"


def test_sent_code_event_masks_the_address():
    event = SecurityEvent(
        kind=Kind.CODE_SENT, email="siti@example.com", detail="task 1"
    )
    assert sentences.event_sentence(event) == "Code sent to s***@example.com"


def test_operator_change_event_lists_the_changes_in_words():
    event = SecurityEvent(kind=Kind.ACCOUNT_CHANGED_BY_OPERATOR, detail="unlocked")
    assert sentences.event_sentence(event) == (
        "Operator's change: account unlocked; the member was told"
    )


def test_unlock_by_an_operator_gives_the_reason():
    event = SecurityEvent(kind=Kind.UNLOCKED, detail="other: on the phone")
    assert sentences.event_sentence(event) == "Account unlocked (reason: on the phone)"


def test_event_of_an_unknown_kind_falls_back_to_its_label():
    event = SecurityEvent(kind="something_new")
    assert sentences.event_sentence(event) == "Something_new"
