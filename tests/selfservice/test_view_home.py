from django.urls import reverse

from tests.journey import HOME, LOGIN

LOGOUT = reverse("accounts:logout")


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get(HOME).url == f"{LOGIN}?next=/"


def test_member_sees_name_and_the_four_programmes(client, member):
    client.force_login(member)
    page = client.get(HOME).text
    assert member.full_name in page
    for programme in ["JHT", "JKK", "JK", "JP"]:
        assert f'<span class="programme-code">{programme}</span>' in page
    assert ">Keluar</button>" in page


def test_logout_ends_the_session(client, member):
    client.force_login(member)
    assert client.post(LOGOUT).url == LOGIN
    assert client.get(HOME).status_code == 302


def test_logout_by_get_is_not_allowed(client, member):
    client.force_login(member)
    assert client.get(LOGOUT).status_code == 405
