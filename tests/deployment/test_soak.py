"""
A soak: the production shape (two gunicorn instances, a task worker, PostgreSQL,
Redis, a real SMTP server) under a steady mixed load of journeys, logins and wrong
codes for SOAK_SECONDS (default 120). No 5xx, worker memory grows by at most 10 %
after warm-up, and the database holds exactly what the load created.
"""

import itertools
import os
import threading
import time
from collections import Counter

import pytest

from accounts.core.members import demo_email, seed_demo_members
from accounts.models import SecurityEvent, VerificationCode
from jmo import settings as production
from tests.services import WITHOUT_IP_THROTTLES, Browser, running_stack, worker_rss_kib

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "120"))
THREADS = 4
WRONG_CODES_PER_ROUND = 3


@pytest.fixture
def stack(tmp_path, smtp_inbox, settings):  # noqa: F811
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    with running_stack(tmp_path, smtp_inbox, port, **WITHOUT_IP_THROTTLES) as running:
        yield running


class Load:
    """The driver's own count of what it did, to compare with the database."""

    def __init__(self, stack):
        self.bases = stack.bases
        self.inbox = stack.inbox
        self.members = itertools.count(1)  # demo0 is the member that logs in
        self.done = Counter()
        self.statuses = Counter()
        self.lock = threading.Lock()

    def count(self, what, status=None):
        with self.lock:
            self.done[what] += 1
            if status is not None:
                self.statuses[status] += 1

    def code_for(self, email):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for message in list(self.inbox.messages):
                body = message.get_body(("plain",)).get_content()
                if message["To"] == email and "berlaku" in body:
                    return next(
                        line.strip()
                        for line in body.splitlines()
                        if line.strip().isdigit()
                    )
            time.sleep(0.05)
        raise AssertionError(f"no code for {email}")

    def post(self, browser, path, data, base):
        status, _, _ = browser.post(base + path, data)
        self.count("requests", status)

    def journey(self, base, other):
        email = demo_email(next(self.members))
        browser = Browser()
        self.post(browser, "/forgot-password/", {"email": email}, base)
        self.count("code_requests")
        self.post(
            browser, "/forgot-password/code/", {"code": self.code_for(email)}, other
        )
        data = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
        self.post(browser, "/forgot-password/new-password/", data, other)
        self.post(browser, "/login/", {"email": email, "password": "BPjs234"}, base)
        self.count("journeys")

    def wrong_codes(self, base, other):
        email = demo_email(next(self.members))
        browser = Browser()
        self.post(browser, "/forgot-password/", {"email": email}, base)
        self.count("code_requests")
        code = self.code_for(email)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        for _ in range(WRONG_CODES_PER_ROUND):
            self.post(browser, "/forgot-password/code/", {"code": wrong}, other)
            self.count("wrong_codes")

    def login(self, base, other):
        browser = Browser()
        data = {"email": demo_email(0), "password": "Pakai001"}
        self.post(browser, "/login/", data, base)
        self.count("logins")


def test_mixed_load_has_no_errors_no_leak_and_exact_records(stack, settings):
    # The servers know only the production hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    seed_demo_members(5000, "Pakai001")
    load = Load(stack)
    activities = [load.journey, load.wrong_codes, load.login]
    warmed_up = threading.Event()
    stop_at = time.monotonic() + SOAK_SECONDS

    def drive(index):
        base, other = stack.bases[index % 2], stack.bases[(index + 1) % 2]
        for activity in itertools.cycle(activities):
            if time.monotonic() >= stop_at:
                return
            activity(base, other)

    threads = [threading.Thread(target=drive, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(min(20, SOAK_SECONDS / 4))
    warmed_up.set()
    rss_after_warm_up = sum(worker_rss_kib(pid) for pid in stack.gunicorn_pids)
    for thread in threads:
        thread.join()
    rss_at_end = sum(worker_rss_kib(pid) for pid in stack.gunicorn_pids)

    assert all(status < 500 for status in load.statuses), load.statuses
    assert rss_at_end <= rss_after_warm_up * 1.10, (rss_after_warm_up, rss_at_end)
    events = Counter(SecurityEvent.objects.values_list("kind", flat=True))
    done = load.done
    assert events["code_requested"] == done["code_requests"]
    assert (
        events["code_sent"] == done["code_requests"] == VerificationCode.objects.count()
    )
    assert events["code_rejected"] == done["wrong_codes"]
    assert events["code_verified"] == events["password_changed"] == done["journeys"]
    assert events["login_ok"] == done["journeys"] + done["logins"]
    assert events["login_failed"] == events["code_failed"] == 0
    print(f"soak {SOAK_SECONDS}s: {dict(done)}")
    print(
        f"worker RSS after warm-up {rss_after_warm_up} KiB, at the end {rss_at_end} KiB"
    )
