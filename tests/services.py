"""
The production shape for tests: two gunicorn instances and a task worker sharing
PostgreSQL and Redis, with a real SMTP server. Starts and stops its own processes,
uses only 127.0.0.1, and gives up after a bounded wait.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from typing import NamedTuple

import redis
from django.db import connection

from .mail import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 30
# One address sends all the load in these tests: lift the per-IP throttles.
WITHOUT_IP_THROTTLES = {
    "JMO_IP_RESET_REQUESTS_PER_HOUR": "1000000",
    "JMO_IP_CODE_ATTEMPTS_PER_HOUR": "1000000",
    "JMO_IP_LOGIN_ATTEMPTS_PER_HOUR": "1000000",
    "JMO_HASHES_PER_ADDRESS_PER_MINUTE": "1000000",
    "JMO_IP_REGISTRATIONS_PER_HOUR": "1000000",
}


def inherited_environment() -> dict:
    """This environment, less the browser tests' switch-off of Django's async safety,
    which must never reach a production process (check --deploy refuses it)."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def shared_environment(tmp_path, smtp_port, **overrides) -> dict:
    database = connection.settings_dict
    return {
        **inherited_environment(),
        "DEBUG": "false",
        "SECRET_KEY": "multi-instance-test-key-0123456789abcdefghijklmnopqrstuv",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        ),
        "CACHE_URL": TEST_REDIS_URL,
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "JMO_IP_RESET_REQUESTS_PER_HOUR": "3",
        "WEB_CONCURRENCY": "1",
        **overrides,
    }


def wait_until_serving(base):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start")


class Stack(NamedTuple):
    bases: list  # the two instances' base URLs
    inbox: object  # the SMTP server's received messages
    gunicorn_pids: list  # the two masters


@contextmanager
def running_stack(tmp_path, inbox, smtp_port, **overrides):
    """Yield a Stack while the two instances and the worker run."""
    redis.Redis.from_url(TEST_REDIS_URL).flushdb()
    env = shared_environment(tmp_path, smtp_port, **overrides)
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    ports = [free_port(), free_port()]
    commands = [
        [
            str(BIN / "gunicorn"),
            "-c",
            "jmo/gunicorn.py",
            "-b",
            f"127.0.0.1:{port}",
            "jmo.wsgi",
        ]
        for port in ports
    ] + [[*manage, "db_worker", "--no-reload", "--interval", "1"]]
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in commands
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            wait_until_serving(base)
        yield Stack(bases, inbox, [process.pid for process in processes[:2]])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


class Browser:
    """One person: one cookie jar, whichever instance answers."""

    def __init__(self):
        handler = urllib.request.HTTPCookieProcessor(CookieJar())
        self.opener = urllib.request.build_opener(handler)

    def get(self, url):
        with self.opener.open(url) as response:
            return response.geturl(), response.read().decode()

    def post(self, url, data):
        _, page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, body, headers={"Referer": url})
        try:
            with self.opener.open(request) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode()


# The task backend of production, for tests that run the real worker.
TASKS_IN_DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def wait_for(condition, what):
    """Poll `condition` until it holds; fail naming `what` after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def wait_for_mail(inbox):
    deadline = time.monotonic() + WAIT_SECONDS
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    assert inbox.messages, "no mail arrived"
    return inbox.messages[-1]


def wait_for_code(inbox) -> str:
    text = wait_for_mail(inbox).get_body(("plain",)).get_content()
    return re.search(r"^\s+(\d{6})\s*$", text, re.MULTILINE).group(1)


def worker_rss_kib(master_pid: int) -> int:
    """The resident memory of a gunicorn master's worker processes, in KiB."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    total = 0
    for pid in children.split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total
