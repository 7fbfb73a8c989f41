"""Back, refresh and two tabs: never a false error, never a password posted again."""

from accounts.models import Member, SecurityEvent
from tests.conftest import read_code
from tests.journey import (
    FORGOT,
    LOGIN,
    SET_PASSWORD,
    SUCCESS,
    VERIFY,
    enter_code,
    log_in,
    request_code,
    set_new_password,
)

WRONG = "Kode salah atau sudah tidak berlaku."
REPLACED = "Kode ini sudah diganti dengan kode yang lebih baru."


def finish_reset(client, member, mailoutbox):
    request_code(client, member.email)
    enter_code(client, read_code(mailoutbox))
    assert set_new_password(client, "BPjs234").url == SUCCESS


def test_back_from_success_to_the_new_password_page_shows_success(
    client, member, mailoutbox
):
    finish_reset(client, member, mailoutbox)
    response = client.get(SET_PASSWORD, follow=True)
    assert response.redirect_chain == [(SUCCESS, 302)]
    assert "Success" in response.text


def test_back_twice_from_success_to_the_code_page_shows_success(
    client, member, mailoutbox
):
    finish_reset(client, member, mailoutbox)
    assert client.get(VERIFY).url == SUCCESS


def test_refreshing_success_shows_it_again(client, member, mailoutbox):
    finish_reset(client, member, mailoutbox)
    assert "Success" in client.get(SUCCESS).text
    assert "Success" in client.get(SUCCESS).text


def test_a_refused_login_answers_with_a_redirect_so_refresh_posts_nothing(
    client, member
):
    response = log_in(client, member.email, "Salah123")
    assert response.status_code == 302 and response.url == LOGIN
    page = client.get(LOGIN).text  # what the browser shows, and what refresh repeats
    assert "Email atau kata sandi tidak sesuai." in page
    assert f'value="{member.email}"' in page and "Salah123" not in page
    client.get(LOGIN)
    assert SecurityEvent.objects.filter(kind="login_failed").count() == 1
    assert Member.objects.get().failed_login_count == 1


def test_a_carried_error_is_shown_once(client, member):
    log_in(client, member.email, "Salah123")
    assert "Email atau kata sandi tidak sesuai." in client.get(LOGIN).text
    assert "Email atau kata sandi tidak sesuai." not in client.get(LOGIN).text


def test_a_refused_new_password_answers_with_a_redirect(client, member, mailoutbox):
    request_code(client, member.email)
    enter_code(client, read_code(mailoutbox))
    response = set_new_password(client, "BPjs234", "BPjs235")
    assert response.status_code == 302 and response.url == SET_PASSWORD
    page = client.get(SET_PASSWORD).text
    assert "Kedua kata sandi tidak sama." in page and "BPjs23" not in page


def test_two_tabs_the_newest_code_works_and_the_older_says_replaced(
    client, member, mailoutbox, clock
):
    request_code(client, member.email)  # tab one
    first = read_code(mailoutbox)
    clock.shift(61)
    request_code(client, member.email)  # tab two, a minute later
    newest = read_code(mailoutbox)
    assert client.post(VERIFY, {"code": first}, follow=True).text.count(REPLACED) == 1
    assert enter_code(client, newest).url == SET_PASSWORD  # from either tab


def test_two_tabs_for_an_unregistered_address_say_only_wrong(client, db, clock):
    request_code(client, "nobody@example.com")
    clock.shift(61)
    request_code(client, "nobody@example.com")
    page = client.post(VERIFY, {"code": "123456"}, follow=True).text
    assert WRONG in page and REPLACED not in page


def test_the_same_request_twice_within_the_cooldown_keeps_one_journey(
    client, member, mailoutbox
):
    request_code(client, member.email)
    request_code(client, member.email)
    assert len(mailoutbox) == 1
    assert enter_code(client, read_code(mailoutbox)).url == SET_PASSWORD


def test_another_address_in_the_same_browser_starts_afresh(client, member, db):
    request_code(client, "nobody@example.com")
    assert client.get(FORGOT).status_code == 200
    request_code(client, member.email)
    assert "siti" not in client.get(VERIFY).text.split("<main")[0]
