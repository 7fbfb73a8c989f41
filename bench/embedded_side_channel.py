"""
The code request's timing side channel on make run's stack: runserver and the task
worker as scripts/run-embedded starts them (DEBUG on, console mail), on a fresh SQLite
file and a free port. Registered (demo<n>) and unregistered (nobody<n>) addresses,
interleaved, each request in a fresh cookie session; medians, their difference and a
Mann-Whitney U p-value. Prints one JSON line and stops everything it started.

    .venv/bin/python bench/embedded_side_channel.py [--per-kind 200] [--settle 0]
                                                    [--before]

--before measures what make run started until the queue became the embedded default:
runserver alone, with the immediate task backend (the task runs inside the request).
runserver runs without its autoreloader: an edit of a source file during a run would
otherwise restart it in the middle of the measurement.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from scipy.stats import mannwhitneyu
from side_channel import compare, timed_request

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, "manage.py"]
WORKER = [*MANAGE, "db_worker", "--no-reload", "--interval", "0.5"]  # as run-embedded
IMMEDIATE = "django.tasks.backends.immediate.ImmediateBackend"
MAIL_WAIT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not start")


def measure(base: str, per_kind: int, settle: float) -> dict:
    times = {"registered": [], "unregistered": []}
    for number in range(per_kind):
        pair = [
            ("registered", f"demo{number}@example.com"),
            ("unregistered", f"nobody{number}@example.com"),
        ]
        for kind, email in pair[number % 2 :] + pair[: number % 2]:
            times[kind].append(timed_request(base, email))
            time.sleep(settle)
    result = compare(times, "registered", per_kind)
    # compare() rounds to 4 decimals; keep the unrounded value for small ones.
    test = mannwhitneyu(times["registered"], times["unregistered"])
    result["mann_whitney_p_unrounded"] = float(f"{test.pvalue:.3g}")
    return result


def mails_printed(log: Path, expected: int) -> int:
    """Wait until the console shows `expected` mails (or give up); return the count."""
    deadline = time.monotonic() + MAIL_WAIT_SECONDS
    while True:
        count = log.read_text(errors="replace").count("\nSubject: ")
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--settle", type=float, default=0.0, help="pause, seconds")
    parser.add_argument("--before", action="store_true", help="immediate tasks")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jmo-embedded-"))
    bind = f"127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        # One address sends every request: lift the per-IP throttle.
        "JMO_IP_RESET_REQUESTS_PER_HOUR": "1000000",
    }
    env.pop("TASKS_BACKEND", None)
    commands = [WORKER, [*MANAGE, "runserver", "--noreload", bind]]
    if options.before:
        env["TASKS_BACKEND"] = IMMEDIATE
        commands = commands[1:]
    migrate = [*MANAGE, "migrate", "--noinput", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    seed = [*MANAGE, "seeddemo", "--members", str(options.per_kind)]
    subprocess.run(seed, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    log = work / "console.log"
    with log.open("w") as console:
        stack = [
            subprocess.Popen(c, cwd=ROOT, env=env, stdout=console, stderr=console)
            for c in commands
        ]
    base = f"http://{bind}"
    try:
        wait_until_serving(base)
        urllib.request.urlopen(base + "/forgot-password/").read()  # warm up
        result = measure(base, options.per_kind, options.settle)
        result["mails_printed"] = mails_printed(log, options.per_kind)
    finally:
        for process in stack:
            process.terminate()
        for process in stack:
            process.wait(timeout=30)
    result["stack"] = "runserver" if options.before else "runserver + db_worker"
    result["tasks_backend"] = env.get("TASKS_BACKEND", "(settings default)")
    result["settle_seconds"] = options.settle
    result["console_log"] = str(log)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
