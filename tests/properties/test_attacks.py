"""
Brute force: attackers in threads guess one member's codes as fast as they can,
through two app instances sharing PostgreSQL and Redis. The caps hold, every guess is
recorded, and no code is ever won.
"""

import random
import re
import threading
import time

import pytest

from accounts.models import SecurityEvent, VerificationCode
from tests.services import WITHOUT_IP_THROTTLES, Browser, running_stack

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTACKERS = 6
ATTACK_SECONDS = 12
CODE_LINE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


@pytest.fixture
def stack(tmp_path, smtp_inbox, settings):  # noqa: F811
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    # The per-IP throttles would stop this attacker early; the per-member caps are
    # what is under test. No cool-down, so the attacker reaches the hourly cap fast.
    overrides = {**WITHOUT_IP_THROTTLES, "JMO_CODE_RESEND_COOLDOWN_SECONDS": "0"}
    with running_stack(tmp_path, smtp_inbox, port, **overrides) as running:
        yield running


def mailed_codes(inbox) -> list[str]:
    """The codes in the mailbox (the "limit reached" notice carries none)."""
    bodies = [m.get_body(("plain",)).get_content() for m in list(inbox.messages)]
    return [match.group(1) for match in map(CODE_LINE.search, bodies) if match]


def test_guessing_codes_through_two_instances_never_wins(stack, member_factory):
    (a, b), inbox, _ = stack
    victim = member_factory(email="korban@example.com")
    counts = {"requests": 0, "guesses": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + ATTACK_SECONDS

    def attack(index):
        rng = random.Random(index)
        while time.monotonic() < stop_at:
            browser = Browser()
            browser.post(
                (a, b)[index % 2] + "/forgot-password/", {"email": victim.email}
            )
            with lock:
                counts["requests"] += 1
            for _ in range(6):  # one more than a session allows
                guess = f"{rng.randrange(10**6):06d}"
                if guess in mailed_codes(inbox):
                    continue  # a lucky hit is not what this test is about
                url = (b, a)[index % 2] + "/forgot-password/code/"
                status, landed, _ = browser.post(url, {"code": guess})
                assert status == 200 and landed == url
                with lock:
                    counts["guesses"] += 1

    threads = [threading.Thread(target=attack, args=(i,)) for i in range(ATTACKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = VerificationCode.objects.filter(member=victim)
    assert 1 <= codes.count() <= 5  # the hourly cap, across both instances
    assert all(code.attempts <= 5 for code in codes)  # 5 guesses per code at most
    assert not codes.filter(verified_at__isnull=False).exists()
    rejected = SecurityEvent.objects.filter(kind="code_rejected").count()
    assert rejected == counts["guesses"]  # every guess is recorded
    requested = SecurityEvent.objects.filter(kind="code_requested").count()
    assert requested == counts["requests"]

    # The right codes, read from the victim's mailbox, are refused: each is dead
    # (the older ones were replaced by a newer email, the newest spent its tries).
    refusals = (
        "Kode salah atau sudah tidak berlaku.",
        "Kode ini sudah diganti dengan kode yang lebih baru.",
    )
    for code in mailed_codes(inbox):
        browser = Browser()
        browser.post(a + "/forgot-password/", {"email": victim.email})
        _, landed, page = browser.post(a + "/forgot-password/code/", {"code": code})
        assert landed.endswith("/forgot-password/code/")
        assert any(refusal in page for refusal in refusals)
