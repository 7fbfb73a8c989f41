"""The error pages: what happened, and a way back that fits who is looking."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.journey import log_in


def test_not_found_leads_a_logged_in_member_home(client, member):
    client.force_login(member)
    page = client.get("/tidak-ada/").text
    assert 'href="/">Kembali ke Beranda</a>' in page
    assert "Kembali ke Login" not in page


def test_not_found_leads_a_visitor_to_the_login(client, db):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert 'href="/login/">Kembali ke Login</a>' in response.text


def throttled_login(client, member, settings, now):
    settings.JMO_IP_LOGIN_ATTEMPTS_PER_HOUR = 0
    with time_machine.travel(now, tick=False):
        return log_in(client, member.email, "Lama1234")


def test_too_many_requests_says_in_minutes_and_at_what_time(client, member, settings):
    at = datetime(2026, 3, 2, 10, 46, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    response = throttled_login(client, member, settings, at)
    assert response.status_code == 429
    minutes = (int(response["Retry-After"]) + 59) // 60
    assert f"Anda bisa mencoba lagi dalam {minutes} menit, pukul" in response.text


def test_too_many_requests_never_names_a_time_too_early(client, member, settings):
    # An hourly window: the budget opens again at 11.00.00, shown as 11.00.
    at = datetime(2026, 3, 2, 10, 46, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    response = throttled_login(client, member, settings, at)
    assert "pukul 11.00 WIB" in response.text


def test_too_many_requests_does_not_blame_the_network_and_links_back(
    client, member, settings
):
    at = datetime(2026, 3, 2, 10, 46, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    page = throttled_login(client, member, settings, at).text
    assert "jaringan Anda" not in page
    assert 'href="/login/">Kembali ke Login</a>' in page
