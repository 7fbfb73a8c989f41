"""The seven steps of the member journey, end to end, in the Django test client."""

from django.urls import reverse

from tests.conftest import read_code


def test_member_resets_password_and_logs_in_with_it(client, member, mailoutbox):
    login_page = client.get(reverse("accounts:login"))
    assert "Lupa Kata Sandi" in login_page.text

    response = client.post(
        reverse("accounts:forgot_password"), {"email": "Siti@Example.com "}
    )
    assert response.url == reverse("accounts:verify_code")
    assert len(mailoutbox) == 1
    code = read_code(mailoutbox)

    response = client.post(reverse("accounts:verify_code"), {"code": code})
    assert response.url == reverse("accounts:set_password")

    response = client.post(
        reverse("accounts:set_password"),
        {"new_password1": "BPjs234", "new_password2": "BPjs234"},
    )
    assert response.url == reverse("accounts:reset_success")
    success = client.get(response.url)
    assert "Success" in success.text
    assert "_auth_user_id" not in client.session

    response = client.post(
        reverse("accounts:login"), {"email": "siti@example.com", "password": "BPjs234"}
    )
    assert response.url == reverse("accounts:home")
    home = client.get(reverse("accounts:home"))
    for programme in ["JHT", "JKK", "JK", "JP"]:
        assert programme in home.text
    assert member.full_name in home.text
