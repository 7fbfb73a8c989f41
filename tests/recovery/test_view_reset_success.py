from tests.journey import LOGIN, SUCCESS, set_new_password, verify_by_email


def test_shows_success_and_a_login_button_right_after_a_reset(
    client, member, mailoutbox
):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    page = client.get(SUCCESS).text
    assert "<h1>Success</h1>" in page
    assert f'href="{LOGIN}">Login</a>' in page


def test_direct_visit_goes_to_login(client):
    assert client.get(SUCCESS).url == LOGIN


def test_shows_only_once(client, member, mailoutbox):
    verify_by_email(client, member.email, mailoutbox)
    set_new_password(client, "BPjs234")
    client.get(SUCCESS)
    assert client.get(SUCCESS).url == LOGIN
