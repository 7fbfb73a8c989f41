"""
What each step of the reset journey costs on the request side, without the hashes and
without the load driver's noise: the journey runs in this one process through Django's
test client, on the production settings (PostgreSQL, Redis, database tasks, DEBUG off),
with a fast hasher in place of Argon2 so that only the work around the hashes is left.

For each step it prints three figures:
- SQL statements, as production sends them;
- Python function calls (cProfile's count): the same from run to run, so it is the
  figure to compare between two commits;
- CPU ms (time.process_time): what the calls cost on this machine, which moves by
  10 to 20 % between runs here.
Each journey's code is issued directly between the steps, outside the figures. The
task worker's part is measured apart, the same three figures: each journey's two tasks
(the code mail, then the password-changed mail) claimed and run as `manage.py
db_worker` does, sending to a real SMTP server (bench/smtp_sink.py).

    .venv/bin/python bench/steps.py [--journeys 300]
"""

import argparse
import cProfile
import json
import os
import pstats
import socket
import subprocess
import sys
import time
from collections import defaultdict
from unittest import mock

from run import PY, RESULTS, ROOT, free_port, stack_environment

STEPS = [
    "bare_django",
    "forgot_password_page",
    "request_code",
    "verify_code",
    "set_password",
    "login",
    "home",
]
CODE = "123456"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def prepare() -> None:
    env = stack_environment("production", smtp_port=0)
    env["DATABASE_URL"] = os.environ.get(
        "BENCH_STEPS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jmo_bench_steps"
    )
    env["CACHE_URL"] = os.environ.get(
        "BENCH_STEPS_CACHE_URL", "redis://127.0.0.1:6379/12"
    )
    env["DJANGO_SETTINGS_MODULE"] = "jmo.settings"
    env["ALLOWED_HOSTS"] = "testserver"  # Django's test client
    os.environ.update(env)
    subprocess.run([PY, "scripts/ensure-database"], cwd=ROOT, env=env, check=True)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()


class Journeys:
    """One member's reset journey after another, each step timed on its own."""

    steps = STEPS

    def __init__(self, first_member: int):
        from django.test import Client

        self.client = Client(REMOTE_ADDR="127.0.0.1")
        self.next_member = first_member

    def run(self, measure) -> None:
        """`measure(step, call)` runs call() and records what it cost."""
        from accounts.core.codes import issue_code
        from accounts.core.members import demo_email
        from accounts.models import Member

        email = demo_email(self.next_member)
        self.next_member += 1
        client = self.client
        client.cookies.clear()
        measure("bare_django", lambda: client.get("/healthz/"))
        measure("forgot_password_page", lambda: client.get("/forgot-password/"))
        token = {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}

        def post(path, **data):
            return lambda: self.post_expecting_redirect(path, {**token, **data})

        password = "Baru1234x"
        measure("request_code", post("/forgot-password/", email=email))
        issue_code(Member.objects.get(email=email), "password_reset")  # the task's part
        measure("verify_code", post("/forgot-password/code/", code=CODE))
        new = {"new_password1": password, "new_password2": password}
        measure("set_password", post("/forgot-password/new-password/", **new))
        measure("login", post("/login/", email=email, password=password))
        measure("home", lambda: client.get("/"))

    def post_expecting_redirect(self, path, data):
        response = self.client.post(path, data)
        if response.status_code != 302:
            raise RuntimeError(f"{path}: status {response.status_code}")
        return response


class WorkerTasks:
    """Each journey's two tasks, claimed and run by the task worker, in this process."""

    steps = ["task_worker"]

    def __init__(self, first_member: int):
        from accounts.management.commands.db_worker import WakingWorker

        self.worker = WakingWorker(
            queue_names=["default"],
            interval=1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="steps",
            excluded_queue_names=[],
        )
        self.next_member = first_member

    def run(self, measure) -> None:
        from accounts.core.members import demo_email
        from accounts.core.tasks import send_password_changed
        from accounts.models import Member
        from accounts.recovery.tasks import send_reset_code

        email = demo_email(self.next_member)
        self.next_member += 1
        send_reset_code.enqueue(email, "127.0.0.1", "bench", "id", None)
        send_password_changed.enqueue(Member.objects.get(email=email).pk, "id")
        measure("task_worker", lambda: self.run_ready_tasks(2))

    def run_ready_tasks(self, count: int) -> None:
        for _ in range(count):
            claim = self.worker.claim_ready_task()
            if claim.task is None:
                raise RuntimeError("a task enqueued was not claimed")
            self.worker.run_task(claim.task)


def mail_server() -> tuple[subprocess.Popen, dict]:
    """bench/smtp_sink.py on a free port, and the MAILERS setting that sends to it."""
    port = free_port()
    sink = subprocess.Popen([PY, "bench/smtp_sink.py", str(port), os.devnull], cwd=ROOT)
    for _ in range(100):  # until it listens
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        sink.terminate()
        raise RuntimeError("bench/smtp_sink.py did not start listening")
    options = {"host": "127.0.0.1", "port": port, "timeout": 10}
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return sink, {"default": {"BACKEND": backend, "OPTIONS": options}}


def measure_runs(runs, count: int, profiled: int, counted: int) -> dict:
    return {
        "cpu_ms": cpu_ms(runs, count),
        "python_calls": python_calls(runs, profiled),
        "statements": statements(runs, counted),
    }


def cpu_ms(journeys: Journeys, count: int) -> dict:
    spent = defaultdict(float)

    def measure(step, call):
        started = time.process_time()
        call()
        spent[step] += time.process_time() - started

    for _ in range(count):
        journeys.run(measure)
    return {step: spent[step] / count * 1000 for step in journeys.steps}


def python_calls(journeys: Journeys, count: int) -> dict:
    profiles = defaultdict(cProfile.Profile)

    def measure(step, call):
        profiles[step].runcall(call)

    for _ in range(count):
        journeys.run(measure)
    return {
        step: pstats.Stats(profiles[step]).total_calls / count
        for step in journeys.steps
    }


def statements(journeys: Journeys, count: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counted = defaultdict(int)

    def measure(step, call):
        with CaptureQueriesContext(connection) as queries:
            call()
        counted[step] += len(queries)

    for _ in range(count):
        journeys.run(measure)
    return {step: counted[step] / count for step in journeys.steps}


def measure_all(journeys_count: int, mailers: dict) -> tuple[dict, dict]:
    """The request side's figures, then the task worker's, as main() prints them."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from accounts.core.members import seed_demo_members

    warm_up, profiled, counted = 30, min(journeys_count, 100), 10
    total = warm_up + journeys_count + profiled + counted
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MAILERS=mailers),
        mock.patch("accounts.core.codes.secrets.randbelow", lambda _: int(CODE)),
    ):
        call_command("migrate", "--noinput", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        call_command("flush", "--noinput", verbosity=0)
        cache.clear()
        seed_demo_members(2 * total, "Pakai001")
        journeys = Journeys(first_member=0)
        cpu_ms(journeys, warm_up)  # imports, templates and connections, once
        results = {
            "journeys": journeys_count,
            **measure_runs(journeys, journeys_count, profiled, counted),
        }
        DBTaskResult.objects.all().delete()  # the request steps' tasks: not run here
        tasks = WorkerTasks(first_member=total)
        cpu_ms(tasks, warm_up)
        worker = measure_runs(tasks, journeys_count, profiled, counted)
    return results, worker


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--journeys", type=int, default=300)
    options = parser.parse_args()
    prepare()
    sink, mailers = mail_server()
    try:
        results, worker = measure_all(options.journeys, mailers)
    finally:  # a failed run leaves no SMTP server behind
        sink.terminate()
    for name, values in worker.items():
        results[name].update(values)
    print(f"{'step':22} {'statements':>10} {'Python calls':>13} {'CPU ms':>7}")
    for step in STEPS:
        print(
            f"{step:22} {results['statements'][step]:10.0f} "
            f"{results['python_calls'][step]:13,.0f} {results['cpu_ms'][step]:7.2f}"
        )
    journey = [step for step in STEPS if step != "bare_django"]
    figures = ("statements", "python_calls", "cpu_ms")
    sums = {name: sum(results[name][step] for step in journey) for name in figures}
    print(
        f"{'journey (no healthz)':22} {sums['statements']:10.0f} "
        f"{sums['python_calls']:13,.0f} {sums['cpu_ms']:7.2f}"
    )
    results["journey"] = sums
    step = "task_worker"
    print(
        f"{'task worker (2 tasks)':22} {results['statements'][step]:10.0f} "
        f"{results['python_calls'][step]:13,.0f} {results['cpu_ms'][step]:7.2f}"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "steps.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
