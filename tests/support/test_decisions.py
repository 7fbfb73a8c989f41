from datetime import timedelta

from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.models import SecurityEvent, VerificationCode
from support import decisions
from support.decisions import Decision
from support.models import RecoveryApproval, RecoveryRequest
from tests.conftest import CODE_PATTERN

from .helpers import NEW_EMAIL, ORIGIN, approve, make_request

PAST_WAIT = timedelta(hours=25)


def test_first_approval_is_recorded_and_changes_nothing(registered, first_operator):
    request = make_request(registered, age=PAST_WAIT)
    assert approve(request, first_operator) is Decision.APPROVAL_RECORDED
    request.refresh_from_db()
    assert request.status == "sedang_diperiksa"
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_same_operator_cannot_approve_twice(registered, first_operator):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    assert approve(request, first_operator) is Decision.ALREADY_APPROVED
    assert RecoveryApproval.objects.count() == 1
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_two_operators_after_the_waiting_period_apply_it(
    registered, first_operator, second_operator
):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    assert approve(request, second_operator) is Decision.APPLIED
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL and registered.email_verified_at
    request.refresh_from_db()
    assert request.status == "disetujui" and request.decided_by == second_operator


def test_two_approvals_inside_the_waiting_period_apply_nothing(
    registered, first_operator, second_operator
):
    request = make_request(registered, age=timedelta(hours=23, minutes=59))
    approve(request, first_operator)
    assert approve(request, second_operator) is Decision.WAITING_PERIOD
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_apply_after_the_waiting_period_applies_it(
    registered, first_operator, second_operator, clock
):
    request = make_request(registered, age=timedelta(hours=23))
    approve(request, first_operator)
    approve(request, second_operator)
    assert decisions.apply(request.pk, first_operator, ORIGIN) is Decision.NOT_READY
    clock.shift(timedelta(hours=1))
    assert decisions.apply(request.pk, first_operator, ORIGIN) is Decision.APPLIED
    registered.refresh_from_db()
    assert registered.email == NEW_EMAIL


def test_approval_ends_every_session(registered, first_operator, second_operator):
    browser = Client()
    browser.force_login(registered)
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    approve(request, second_operator)
    assert SESSION_KEY not in browser.get("/").wsgi_request.session
    registered.refresh_from_db()
    assert registered.session_epoch == 1


def test_approval_retires_the_codes_of_the_old_address(
    registered, first_operator, second_operator, client
):
    client.post("/forgot-password/", {"email": "lama@example.com"})
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    approve(request, second_operator)
    old = VerificationCode.objects.filter(sent_to="lama@example.com").get()
    assert old.retired_at is not None


def test_approval_sends_a_reset_code_to_the_new_address(
    registered, first_operator, second_operator, mailoutbox
):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    approve(request, second_operator)
    to_new = [mail for mail in mailoutbox if mail.to == [NEW_EMAIL]]
    assert any(CODE_PATTERN.search(mail.body) for mail in to_new)


def test_approval_tells_the_old_address_with_the_masked_new_one(
    registered, first_operator, second_operator, mailoutbox
):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    approve(request, second_operator)
    to_old = [mail for mail in mailoutbox if mail.to == ["lama@example.com"]]
    assert to_old and "b***@example.net" in to_old[0].body
    assert NEW_EMAIL not in to_old[0].body


def test_every_step_is_an_event_with_the_operator(
    registered, first_operator, second_operator
):
    request = make_request(registered, age=PAST_WAIT)
    approve(request, first_operator)
    approve(request, second_operator)
    kinds = SecurityEvent.objects.filter(kind__startswith="recovery_")
    actors = {(event.kind, event.actor) for event in kinds}
    assert ("recovery_approved", first_operator) in actors
    assert ("recovery_approved", second_operator) in actors
    assert ("recovery_applied", second_operator) in actors
    assert SecurityEvent.objects.get(kind="code_requested").actor == second_operator


def test_cancelled_request_cannot_be_approved(registered, first_operator):
    request = make_request(registered, age=PAST_WAIT, status="dibatalkan")
    assert approve(request, first_operator) is Decision.NOT_OPEN


def test_request_without_an_account_cannot_be_approved(participant, first_operator):
    request = make_request(participant=participant, age=PAST_WAIT)
    assert approve(request, first_operator) is Decision.NO_ACCOUNT


def test_address_taken_meanwhile_is_not_applied(
    registered, first_operator, second_operator, member_factory
):
    request = make_request(registered, age=PAST_WAIT)
    member_factory(email=NEW_EMAIL)
    approve(request, first_operator)
    assert approve(request, second_operator) is Decision.ADDRESS_TAKEN
    registered.refresh_from_db()
    assert registered.email == "lama@example.com"


def test_rejection_tells_the_new_address_why(registered, first_operator, mailoutbox):
    request = make_request(registered)
    reason = RecoveryRequest.RejectReason.PHOTOS_UNCLEAR
    outcome = decisions.reject(request.pk, first_operator, reason, "", ORIGIN)
    assert outcome is Decision.REJECTED
    assert mailoutbox[-1].to == [NEW_EMAIL]
    assert "foto tidak jelas" in mailoutbox[-1].body or "photos" in mailoutbox[-1].body
    event = SecurityEvent.objects.get(kind="recovery_rejected")
    assert event.actor == first_operator


def test_rejection_of_other_reason_mails_the_written_reason(
    registered, first_operator, mailoutbox
):
    request = make_request(registered)
    decisions.reject(request.pk, first_operator, "other", "Selfie buram.", ORIGIN)
    assert "Selfie buram." in mailoutbox[-1].body


def test_rejected_request_cannot_be_rejected_again(registered, first_operator):
    request = make_request(registered)
    decisions.reject(request.pk, first_operator, "photos_unclear", "", ORIGIN)
    again = decisions.reject(request.pk, first_operator, "photos_unclear", "", ORIGIN)
    assert again is Decision.NOT_OPEN
