from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import SecurityEvent
from tests.journey import (
    FORGOT,
    HOME,
    LOGIN,
    SET_PASSWORD,
    SUCCESS,
    log_in,
    set_new_password,
    verify_by_email,
)


def refused_password(client, password, repeat=None):
    """Post a refused new password: it comes back to its page (PRG); follow it."""
    data = {"new_password1": password, "new_password2": repeat or password}
    response = client.post(SET_PASSWORD, data, follow=True)
    assert response.redirect_chain == [(SET_PASSWORD, 302)]
    assert response.status_code == 200
    return response


def test_without_verification_goes_back_to_the_start(client, db):
    assert client.get("/forgot-password/new-password/").url == FORGOT


def test_page_has_two_new_password_fields_and_reset_button(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    page = client.get("/forgot-password/new-password/").text
    assert page.count('autocomplete="new-password"') == 2
    assert ">Reset Kata Sandi</button>" in page


def test_mismatch_is_explained(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    response = refused_password(client, "BPjs234", "BPjs235")
    assert "Kedua kata sandi tidak sama." in response.text


def test_weak_password_is_marked_on_the_checklist(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    response = refused_password(client, "pakai001")
    assert '<li data-rule="upper" class="rule-broken">' in response.text
    assert "Kata sandi belum memenuhi aturan yang ditandai ✗ di bawah." in response.text
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_the_checklist_names_the_common_password_rule(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    page = client.get(SET_PASSWORD).text
    assert '<li data-rule="common" class="rule-server">Bukan kata sandi' in page


def test_a_common_password_is_marked_on_the_checklist_once(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    page = refused_password(client, "Password1").text
    assert 'class="rule-server rule-broken">Bukan kata sandi' in page
    assert page.count("rule-broken") == 1
    assert "terlalu umum" not in page  # the validator's own message, not repeated


def test_an_error_off_the_checklist_is_listed_next_to_the_field(
    client, member, mailoutbox
):
    verify_by_email(client, member.email, mailoutbox)
    page = refused_password(client, "Aa1" + "b" * 126).text  # over 128 characters
    assert 'id="id_new_password1_error"' in page
    assert "rule-broken" not in page


def test_success_goes_to_the_success_page_without_logging_in(
    client, member, mailoutbox
):
    verify_by_email(client, member.email, mailoutbox)
    response = set_new_password(client, "BPjs234")
    assert response.url == SUCCESS
    assert "_auth_user_id" not in client.session
    member.refresh_from_db()
    assert member.check_password("BPjs234")


def test_success_mails_the_password_changed_notice(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    assert mailoutbox[-1].subject == "Kata sandi JMO Anda telah diubah"


def test_success_unlocks_a_locked_member(client, member, mailoutbox):
    for _ in range(5):
        log_in(Client(), member.email, "Salah123")
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    assert log_in(client, member.email, "BPjs234").url == HOME


def test_success_ends_the_other_sessions_of_the_member(client, member, mailoutbox):
    other_device = Client()
    log_in(other_device, member.email, "Lama1234")
    assert other_device.get(HOME).status_code == 200
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    assert other_device.get(HOME).url.startswith(LOGIN)


def test_verified_session_expires_after_ten_minutes(client, member, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        verify_by_email(client, member.email, mailoutbox)
        clock.shift(timedelta(seconds=601))
        response = set_new_password(client, "BPjs234")
    assert response.url == FORGOT
    member.refresh_from_db()
    assert member.check_password("Lama1234")


def test_verified_session_still_works_at_ten_minutes(client, member, mailoutbox):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        verify_by_email(client, member.email, mailoutbox)
        clock.shift(timedelta(seconds=600))
        assert set_new_password(client, "BPjs234").url == SUCCESS


def test_second_submission_cannot_change_the_password_again(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    response = set_new_password(client, "Lain5678")
    assert response.url == SUCCESS  # lands where the first submission did
    member.refresh_from_db()
    assert member.check_password("BPjs234")
    assert SecurityEvent.objects.filter(kind="password_changed").count() == 1
