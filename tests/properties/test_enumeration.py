"""
The person at the browser sees the same thing whether the email is registered,
unregistered or registered but not yet eligible: same statuses, same redirects,
same bytes once the CSRF token and the typed address are taken out.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Member, VerificationCode
from tests.journey import RESEND, VERIFY, enter_code, normalised, request_code


def walk_visible_steps(email):
    """What a stranger can try without the mailbox: request, 6 wrong codes, resend."""
    client = Client()
    seen = [normalised(client.get("/forgot-password/"), email)]
    seen.append(normalised(request_code(client, email), email))
    seen.append(normalised(client.get(VERIFY), email))
    for _ in range(6):
        seen.append(normalised(enter_code(client, "000000"), email))
    seen.append(normalised(client.post(RESEND, follow=True), email))
    return seen


@pytest.fixture
def three_addresses(member_factory):
    registered = member_factory(email="terdaftar@example.com").email
    not_eligible = member_factory(email="belumvalid@example.com", eligible=False).email
    return registered, "takterdaftar@example.com", not_eligible


def test_every_visible_step_is_identical_for_the_three_kinds_of_email(
    three_addresses, monkeypatch
):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    registered, unregistered, not_eligible = three_addresses
    walk = walk_visible_steps(registered)
    assert walk == walk_visible_steps(unregistered)
    assert walk == walk_visible_steps(not_eligible)


def test_login_failures_look_identical_for_member_and_unknown_email(three_addresses):
    registered, unregistered, _ = three_addresses
    responses = {}
    for email in (registered, unregistered):
        client = Client()
        responses[email] = [
            normalised(
                client.post("/login/", {"email": email, "password": "X1x"}), email
            )
            for _ in range(6)
        ]
    assert responses[registered] == responses[unregistered]


def test_only_the_mailbox_learns_the_difference(three_addresses, mailoutbox):
    registered, unregistered, not_eligible = three_addresses
    for email in three_addresses:
        request_code(Client(), email)
    recipients = [message.to for message in mailoutbox]
    assert recipients == [[registered], [not_eligible]]
    assert unregistered not in str(recipients)


def test_throttled_requests_are_identical_for_the_three_kinds(
    three_addresses, settings
):
    settings.JMO_IP_RESET_REQUESTS_PER_HOUR = 0
    seen = []
    for email in three_addresses:
        response = request_code(Client(), email)
        assert response.status_code == 429
        seen.append(normalised(response, email))
    assert seen[0] == seen[1] == seen[2]


def test_member_past_the_hourly_cap_looks_like_everyone_else(
    three_addresses, member_factory, monkeypatch
):
    monkeypatch.setattr("accounts.core.codes.secrets.randbelow", lambda _: 123456)
    registered, unregistered, _ = three_addresses
    capped = Member.objects.get(email=registered)
    now = timezone.now()
    VerificationCode.objects.bulk_create(
        VerificationCode(
            member=capped,
            purpose="password_reset",
            code_hash="0" * 64,
            created_at=now - timedelta(minutes=10 + n),
            expires_at=now,
            retired_at=now,
        )
        for n in range(5)
    )
    assert walk_visible_steps(registered) == walk_visible_steps(unregistered)
