from tests.journey import (
    LOGIN,
    SUCCESS,
    VERIFY,
    request_code,
    set_new_password,
    verify_by_email,
)


def test_shows_success_and_a_login_button_right_after_a_reset(
    client, member, mailoutbox
):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    page = client.get(SUCCESS).text
    assert "<h1>Success</h1>" in page
    assert f'href="{LOGIN}">Login</a>' in page


def test_direct_visit_goes_to_login(client, db):
    assert client.get(SUCCESS).url == LOGIN


def test_refresh_shows_the_success_page_again(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    client.get(SUCCESS)
    again = client.get(SUCCESS)
    assert again.status_code == 200
    assert "<h1>Success</h1>" in again.text


def test_new_reset_in_the_browser_ends_the_success_page(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    assert request_code(client, member.email).url == VERIFY
    assert client.get(SUCCESS).url == LOGIN
