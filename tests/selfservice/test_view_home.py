import pytest
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


def test_home_is_a_menu_of_tiles_for_every_self_service_action(client, member):
    client.force_login(member)
    page = client.get(HOME).text
    for name in ["update_data", "change_password", "change_email", "devices"]:
        assert f'<a class="tile" href="{reverse(f"accounts:{name}")}">' in page
    assert '<button type="submit" class="tile tile-logout">Keluar</button>' in page


@pytest.mark.parametrize("code", ["JHT", "JKK", "JK", "JP"])
def test_each_programme_tile_leads_to_its_page(client, member, code):
    client.force_login(member)
    page_url = reverse("accounts:programme", args=[code.lower()])
    assert f'<a class="programme" href="{page_url}">' in client.get(HOME).text
    page = client.get(page_url).text
    assert f'<span class="programme-badge">{code}</span>' in page
    assert "Lihat saldo di aplikasi JMO" in page


def test_programme_page_says_what_the_programme_is(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:programme", args=["jht"])).text
    assert "<h1>Jaminan Hari Tua</h1>" in page
    assert "Tabungan untuk hari tua Anda." in page


def test_unknown_programme_is_not_found(client, member):
    client.force_login(member)
    response = client.get(reverse("accounts:programme", args=["bpjs"]))
    assert response.status_code == 404


def test_programme_page_asks_for_a_login(client):
    url = reverse("accounts:programme", args=["jp"])
    assert client.get(url).url.startswith(LOGIN)
