"""
Codes follow the account: any change of a member's email or password, by any path,
retires every outstanding code and journey of the member, and an email change ends
the member's other sessions.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from accounts.core import journeys
from accounts.core.clients import Client as Origin
from accounts.core.journeys import Outcome
from accounts.models import Journey, VerificationCode
from accounts.recovery import reset
from accounts.selfservice import email_address
from tests.conftest import read_code
from tests.journey import (
    CHANGE_EMAIL,
    HOME,
    SET_PASSWORD,
    VERIFY,
    VERIFY_EMAIL,
    enter_code,
    request_code,
    set_new_password,
)

ORIGIN = Origin()
BROWSER = journeys.session_hash("the-members-phone")
OTHER_BROWSER = journeys.session_hash("the-members-laptop")


def verified_reset(member, mailoutbox, browser=BROWSER):
    reset.start_reset(browser, member.email, ORIGIN)
    step = reset.verify_reset_code(browser, read_code(mailoutbox), ORIGIN)
    assert step.outcome is Outcome.VERIFIED
    return step.journey


def live_codes(member):
    return VerificationCode.objects.filter(member=member, retired_at__isnull=True)


def retired_for_account_change(member):
    return VerificationCode.objects.filter(
        member=member, retired_reason="account_changed"
    )


def test_a_password_change_retires_a_verified_reset_of_another_browser(
    member, mailoutbox
):
    journey = verified_reset(member, mailoutbox)
    member.set_password("Ganti123")
    member.save()
    journey.refresh_from_db()
    assert journey.status == "retired"
    step = reset.complete_reset(BROWSER, "BPjs234", ORIGIN)
    assert step.outcome is Outcome.ENDED
    member.refresh_from_db()
    assert member.check_password("Ganti123")


def test_an_email_change_retires_a_verified_reset(member, mailoutbox):
    verified_reset(member, mailoutbox)
    member.email = "pindah@example.com"
    member.save()
    assert reset.complete_reset(BROWSER, "BPjs234", ORIGIN).outcome is Outcome.ENDED


def test_a_completed_reset_retires_the_members_email_change_code(member, mailoutbox):
    change = email_address.start_change(
        OTHER_BROWSER, member, "baru@example.com", ORIGIN
    ).journey
    change_code = read_code(mailoutbox)
    verified_reset(member, mailoutbox)
    assert reset.complete_reset(BROWSER, "BPjs234", ORIGIN).outcome is (
        Outcome.COMPLETED
    )
    change.refresh_from_db()
    assert change.status == "retired"
    step = email_address.confirm_code(
        OTHER_BROWSER, change_code, ORIGIN, acting_pk=member.pk
    )
    assert step.outcome is Outcome.ENDED
    member.refresh_from_db()
    assert member.email == "siti@example.com"


def test_a_reset_code_mailed_to_the_old_address_dies_with_an_email_change(
    client, member, mailoutbox
):
    """The old mailbox no longer takes the account once it moved to a new address."""
    request_code(client, member.email)
    old_code = read_code(mailoutbox)
    member.email = "pindah@example.com"
    member.save()
    response = enter_code(client, old_code)
    assert response.url == VERIFY  # refused, back to the code page
    assert client.get(SET_PASSWORD).status_code == 302
    assert live_codes(member).count() == 0


def test_an_old_email_code_cannot_undo_a_later_change(member, mailoutbox, settings):
    settings.JMO_CODE_RESEND_COOLDOWN_SECONDS = 0
    email_address.start_change(BROWSER, member, "kedua@example.com", ORIGIN)
    first_code = read_code(mailoutbox)
    email_address.start_change(OTHER_BROWSER, member, "ketiga@example.com", ORIGIN)
    step = email_address.confirm_code(
        OTHER_BROWSER, read_code(mailoutbox), ORIGIN, acting_pk=member.pk
    )
    assert step.outcome is Outcome.COMPLETED
    step = email_address.confirm_code(BROWSER, first_code, ORIGIN, acting_pk=member.pk)
    assert step.outcome is not Outcome.COMPLETED
    member.refresh_from_db()
    assert member.email == "ketiga@example.com"


def test_the_admin_changing_the_email_retires_every_code(
    client, member, member_factory, mailoutbox
):
    admin = member_factory(email="admin@bpjs.example", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    reset.start_reset(BROWSER, member.email, ORIGIN)
    assert live_codes(member).count() == 1
    page = f"/admin/accounts/member/{member.pk}/change/"
    data = {
        "email": "diganti@example.com",
        "full_name": member.full_name,
        "nik": member.nik,
        "kpj_number": member.kpj_number,
        "email_verified_at_0": "2026-01-01",
        "email_verified_at_1": "08:00:00",
        "data_updated_at_0": "2026-01-01",
        "data_updated_at_1": "08:00:00",
        "is_active": "on",
    }
    assert client.post(page, data).status_code == 302
    member.refresh_from_db()
    assert member.email == "diganti@example.com"
    assert retired_for_account_change(member).count() == 1


def test_the_admin_setting_a_password_retires_every_code(
    client, member, member_factory, mailoutbox
):
    admin = member_factory(email="admin@bpjs.example", is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    reset.start_reset(BROWSER, member.email, ORIGIN)
    page = f"/admin/accounts/member/{member.pk}/password/"
    client.post(page, {"password1": "Ganti123", "password2": "Ganti123"})
    member.refresh_from_db()
    assert member.check_password("Ganti123")
    assert retired_for_account_change(member).count() == 1


def test_the_changepassword_command_retires_every_code(member, mailoutbox, monkeypatch):
    reset.start_reset(BROWSER, member.email, ORIGIN)
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.getpass.getpass",
        lambda prompt="": "Ganti123",
    )
    call_command("changepassword", member.email, stdout=None)
    assert retired_for_account_change(member).count() == 1


def test_an_email_change_ends_the_members_other_sessions(member, mailoutbox):
    phone, laptop = Client(), Client()
    phone.force_login(member)
    laptop.force_login(member)
    phone.post(
        CHANGE_EMAIL, {"email": "baru@example.com", "current_password": "Lama1234"}
    )
    phone.post(VERIFY_EMAIL, {"code": read_code(mailoutbox)})
    assert phone.get(HOME).status_code == 200
    assert laptop.get(HOME).status_code == 302  # sent to log in again


def test_the_session_key_changes_when_a_reset_code_verifies(client, member, mailoutbox):
    request_code(client, member.email)
    before = client.session.session_key
    enter_code(client, read_code(mailoutbox))
    assert client.session.session_key != before
    assert client.get(SET_PASSWORD).status_code == 200  # the journey followed


def test_the_session_key_changes_when_an_email_code_verifies(member, mailoutbox):
    browser = Client()
    browser.force_login(member)
    browser.post(
        CHANGE_EMAIL, {"email": "baru@example.com", "current_password": "Lama1234"}
    )
    before = browser.session.session_key
    browser.post(VERIFY_EMAIL, {"code": read_code(mailoutbox)})
    assert browser.session.session_key != before


def test_the_old_key_does_not_reach_a_verified_reset(client, member, mailoutbox):
    """A browser that kept the key from before verification (a planted cookie) gets
    no new-password page, and cannot ride the journey with a wrong code either."""
    request_code(client, member.email)
    planted = Client()
    planted.cookies["sessionid"] = client.cookies["sessionid"].value
    code = read_code(mailoutbox)
    enter_code(client, code)
    assert planted.get(SET_PASSWORD).status_code == 302
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert planted.post(VERIFY, {"code": wrong}).url != SET_PASSWORD
    assert set_new_password(client, "BPjs234").status_code == 302
    assert get_user_model().objects.get().check_password("BPjs234")


def test_a_new_journey_in_the_same_browser_replaces_the_old(member, mailoutbox):
    reset.start_reset(BROWSER, "lain@example.com", ORIGIN)
    reset.start_reset(BROWSER, member.email, ORIGIN)
    assert list(Journey.objects.order_by("pk").values_list("status", flat=True)) == [
        "replaced",
        "open",
    ]


def test_a_browser_without_a_session_holds_no_journey(client, member, mailoutbox):
    request_code(client, member.email)
    code = read_code(mailoutbox)
    enter_code(client, code)
    stranger = Client()  # no session cookie at all
    assert stranger.get(SET_PASSWORD).status_code == 302
    assert stranger.post(VERIFY, {"code": code}).url != SET_PASSWORD
    assert journeys.current("", Journey.Flow.RESET) is None
    assert set_new_password(client, "BPjs234").status_code == 302
