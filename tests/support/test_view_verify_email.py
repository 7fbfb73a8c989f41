from datetime import timedelta

from django.urls import reverse

from tests.conftest import read_code

from .helpers import NEW_EMAIL


def test_new_address_gets_a_code(db, client, mailoutbox):
    response = client.post(reverse("support:start"), {"email": NEW_EMAIL})
    assert response.url == reverse("support:verify_email")
    assert mailoutbox[-1].to == [NEW_EMAIL]
    assert len(read_code(mailoutbox)) == 6


def test_right_code_opens_the_form(db, client, mailoutbox):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    url = reverse("support:verify_email")
    response = client.post(url, {"code": read_code(mailoutbox)})
    assert response.url == reverse("support:request_form")
    assert client.get(response.url).status_code == 200


def test_form_without_a_proved_address_goes_back_to_the_start(client, db):
    response = client.get(reverse("support:request_form"))
    assert response.url == reverse("support:start")


def test_wrong_code_is_refused(db, client, mailoutbox):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    wrong = "000000" if read_code(mailoutbox) != "000000" else "111111"
    response = client.post(
        reverse("support:verify_email"), {"code": wrong}, follow=True
    )
    assert "Kode salah" in response.content.decode()
    assert client.get(reverse("support:request_form")).status_code == 302


def test_right_code_after_five_wrong_ones_is_refused(db, client, mailoutbox):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    code, url = read_code(mailoutbox), reverse("support:verify_email")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        client.post(url, {"code": wrong})
    client.post(url, {"code": code})
    assert client.get(reverse("support:request_form")).status_code == 302


def test_code_expires_after_its_lifetime(db, client, mailoutbox, clock):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    clock.shift(timedelta(minutes=10, seconds=1))
    client.post(reverse("support:verify_email"), {"code": read_code(mailoutbox)})
    assert client.get(reverse("support:request_form")).status_code == 302


def test_new_code_inside_the_cooldown_sends_nothing(db, client, mailoutbox):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    client.post(reverse("support:resend_email_code"))
    assert len(mailoutbox) == 1


def test_new_code_after_the_cooldown_replaces_the_first(db, client, mailoutbox, clock):
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    first = read_code(mailoutbox)
    clock.shift(61)
    client.post(reverse("support:resend_email_code"))
    second = read_code(mailoutbox)
    if first != second:
        client.post(reverse("support:verify_email"), {"code": first})
        assert client.get(reverse("support:request_form")).status_code == 302
    client.post(reverse("support:verify_email"), {"code": second})
    assert client.get(reverse("support:request_form")).status_code == 200


def test_code_mails_draw_from_the_mailbox_budget(
    db, client, mailoutbox, clock, settings
):
    settings.JMO_MAILS_PER_ADDRESS_PER_DAY = 1
    client.post(reverse("support:start"), {"email": NEW_EMAIL})
    clock.shift(61)
    client.post(reverse("support:resend_email_code"))
    assert len(mailoutbox) == 1
