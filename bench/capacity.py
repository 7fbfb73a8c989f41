"""
Measures the figures behind the README's capacity estimate, on this machine:
Argon2 CPU time and memory per hash (our hasher settings), SMTP sends per second
through Django's SMTP mailer to a local server, and the database writes of one
complete reset journey. Prints one JSON line.

    .venv/bin/python bench/capacity.py
"""

import json
import os
import resource
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="jmo.settings",
    DEBUG="false",
    SECRET_KEY="capacity-bench-key-0123456789abcdefghijklmnopqrstuvwxyz",
    DATABASE_URL="sqlite://:memory:",
    SECURE_SSL_REDIRECT="false",
    # The journey's queries include the task's: run it inside the request.
    TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
)

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter

from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.handlers import Sink  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.mail import EmailMessage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

HASHES = 20
MAILS = 200


def argon2_cost() -> dict:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    make_password("warm-up")
    cpu, wall = time.process_time(), time.perf_counter()
    for number in range(HASHES):
        make_password(f"Pakai{number:03d}")
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "argon2_cpu_s_per_hash": round(cpu / HASHES, 4),
        "argon2_wall_s_per_hash": round(wall / HASHES, 4),
        "argon2_peak_rss_growth_mib": round((rss_after - rss_before) / 1024, 1),
    }


def smtp_rate() -> dict:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(Sink(), hostname="127.0.0.1", port=port)
    server.start()
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port},
        }
    }
    try:
        with override_settings(MAILERS=mailers):
            started = time.perf_counter()
            for number in range(MAILS):
                EmailMessage("Kode", f"    {number:06d}\n", to=["a@example.com"]).send()
            seconds = time.perf_counter() - started
    finally:
        server.stop()
    return {"smtp_mails_per_s_one_worker": round(MAILS / seconds, 1)}


WRITES = ("INSERT", "UPDATE", "DELETE")


# Pages render without collectstatic's manifest, which a fresh checkout lacks.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC)
def journey_queries() -> dict:
    """Queries and writes of each step of one reset journey (immediate tasks)."""
    from django.core import mail

    from accounts.models import Member

    setup_test_environment()
    call_command("migrate", verbosity=0)
    verified = "2026-01-01T00:00Z"
    Member.objects.create_user(
        "bench@example.com",
        "Lama1234",
        full_name="Bench",
        email_verified_at=verified,
        data_updated_at=verified,
    )
    client = Client()
    steps = {}

    def step(name, action):
        with CaptureQueriesContext(connection) as queries:
            action()
        statements = [q["sql"].split()[0] for q in queries.captured_queries]
        writes = sum(1 for verb in statements if verb in WRITES)
        steps[name] = {"queries": len(statements), "writes": writes}

    password = {"new_password1": "BPjs234", "new_password2": "BPjs234"}
    login = {"email": "bench@example.com", "password": "BPjs234"}
    step("forgot_password_page", lambda: client.get("/forgot-password/"))
    step(
        "request_code",
        lambda: client.post("/forgot-password/", {"email": "bench@example.com"}),
    )
    body = mail.outbox[-1].body
    code = next(line.strip() for line in body.splitlines() if line.strip().isdigit())
    step("verify_code", lambda: client.post("/forgot-password/code/", {"code": code}))
    step(
        "set_password", lambda: client.post("/forgot-password/new-password/", password)
    )
    step("login", lambda: client.post("/login/", login))
    step("home", lambda: client.get("/"))
    return {
        "queries_per_step": steps,
        "queries_per_reset_journey": sum(s["queries"] for s in steps.values()),
        "writes_per_reset_journey": sum(s["writes"] for s in steps.values()),
        "writes_per_login": steps["login"]["writes"],
    }


if __name__ == "__main__":
    figures = {
        "cores": os.cpu_count(),
        **argon2_cost(),
        **smtp_rate(),
        **journey_queries(),
    }
    print(json.dumps(figures))
