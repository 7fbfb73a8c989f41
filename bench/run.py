"""
The benchmark: complete member journeys under load against gunicorn, on the embedded
default and on the production shape (PostgreSQL + Redis + task worker), with a real
SMTP server. Prints one JSON line, writes it and a PNG plot under bench/results/, and
stops everything it started.

    .venv/bin/python bench/run.py [--stacks embedded,production] [--levels 1,4,16]
                                  [--seconds 20] [--side-channel 300]
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from plot import plot_results
from side_channel import (
    measure_registration_side_channel,
    measure_side_channel,
    participant_csv,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
BIN = Path(PY).parent
MEMBERS_PER_LEVEL = 5000
HASHES_PER_JOURNEY = 2  # the new password, then the login
CHEAP_STEPS = ["forgot_password_page", "request_code", "verify_code", "home"]
STEPS = ["request_code", "verify_code", "set_password", "login", "home"]


# The production worker's command (README): PostgreSQL wakes it when a task is queued,
# so a code is in the mailbox about as soon as the page says it is on its way.
WORKER_ARGS = ["db_worker", "--no-reload", "--interval", "1"]  # woken by PostgreSQL
POLLING_WORKER_ARGS = ["db_worker", "--no-reload", "--interval", "0.05"]  # SQLite polls


_PORTS_GIVEN: set[int] = set()


def free_port() -> int:
    """
    A port nothing listens on, never the same one twice in a run: the kernel may hand
    a port just probed out again before the server meant for it has bound it.
    """
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


def stack_environment(stack: str, smtp_port: int) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "STATIC_ROOT": str(RESULTS / "static"),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        # One address sends all the load: lift the per-IP throttles.
        "JMO_IP_RESET_REQUESTS_PER_HOUR": "1000000",
        "JMO_IP_CODE_ATTEMPTS_PER_HOUR": "1000000",
        "JMO_IP_LOGIN_ATTEMPTS_PER_HOUR": "1000000",
        "JMO_IP_REGISTRATIONS_PER_HOUR": "1000000",
        "JMO_HASHES_PER_ADDRESS_PER_MINUTE": "1000000",
    }
    if stack == "embedded":
        database = RESULTS / "bench.sqlite3"
        database.unlink(missing_ok=True)
        env.update(DATABASE_URL=f"sqlite:///{database}", CACHE_URL="locmemcache://")
    else:
        env.update(
            DATABASE_URL=os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jmo_bench"
            ),
            CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        )
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(stack, env, members, participants):
    if stack == "production":
        subprocess.run([PY, "scripts/ensure-database"], cwd=ROOT, env=env, check=True)
        manage(env, "flush", "--noinput")
        # The per-member limits of an earlier run (within the hour) live in Redis.
        clear = "from django.core.cache import cache; cache.clear()"
        manage(env, "shell", "--no-imports", "-c", clear)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "seeddemo", "--members", str(members))
    manage(env, "seeddemo", "--members", "1000", "--not-eligible")
    registry = RESULTS / "participants.csv"
    registry.write_text(participant_csv(participants))
    manage(env, "importparticipants", str(registry))


@contextmanager
def processes(commands, env):
    started = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for command in commands
    ]
    try:
        yield started
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_serving(base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz/", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not start")


def peak_worker_rss_mib(master_pid: int) -> float:
    """The highest peak RSS (VmHWM) among the gunicorn master's worker processes."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text()
    peaks = []
    for pid in children.split():
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else 0.0


def run_level(
    base, env, level, seconds, first_member, label, journey="MemberJourney", finish=0
):
    """Locust at `level` users for `seconds`; `finish` gives the journeys under way
    at the end that many seconds to complete (otherwise they are cut off)."""
    records = RESULTS / f"{label}-c{level}.csv"
    records.unlink(missing_ok=True)
    locust_env = {
        **env,
        "BENCH_RECORDS_FILE": str(records),
        "BENCH_FIRST_MEMBER": str(first_member),
    }
    command = [
        str(BIN / "locust"), "-f", "bench/locustfile.py", "--headless", "--host", base,
        "-u", str(level), "-r", str(level), "-t", f"{seconds}s", "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", f"{finish}s", journey,
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=locust_env, check=False, capture_output=True)
    return read_records(records, level, seconds)


def read_records(path, level, seconds) -> dict:
    rows = []
    for line in path.read_text().splitlines():
        stamp, step, milliseconds, ok = line.split(",")
        rows.append((float(stamp), step, float(milliseconds), ok == "1"))
    return records_summary(rows, level, seconds)


def records_summary(rows, level, seconds) -> dict:
    """Journeys/s, errors and step percentiles of Locust's records."""
    journeys = [row for row in rows if row[1] == "journey" and row[3]]
    by_step = {}
    for _, step, milliseconds, ok in rows:
        if ok:
            by_step.setdefault(step, []).append(milliseconds)
    return {
        "concurrency": level,
        "journeys": len(journeys),
        "journeys_per_s": round(len(journeys) / seconds, 2),
        "errors": sum(1 for row in rows if not row[3]),
        "steps": {
            step: percentiles(values) for step, values in sorted(by_step.items())
        },
        "rows": rows,
    }


def percentiles(values) -> dict:
    ordered = sorted(values)

    def at(fraction):
        return round(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))], 1)

    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def bench_stack(stack, options, label_prefix=""):
    label = f"{label_prefix}{stack}"
    smtp_port, web_port = free_port(), free_port()
    codes = RESULTS / f"{label}-codes.txt"
    codes.write_text("")
    env = stack_environment(stack, smtp_port)
    env["BENCH_CODES_FILE"] = str(codes)
    sink = [[PY, "bench/smtp_sink.py", str(smtp_port), str(codes)]]
    with processes(sink, env):
        prepare_database(
            stack,
            env,
            MEMBERS_PER_LEVEL * len(options.levels),
            2 * options.registration_side_channel,
        )
        base = f"http://127.0.0.1:{web_port}"
        bind = f"127.0.0.1:{web_port}"
        servers = [
            [str(BIN / "gunicorn"), "-c", "jmo/gunicorn.py", "-b", bind, "jmo.wsgi"]
        ]
        # Both stacks queue their tasks (the embedded default too): run the worker.
        worker_args = WORKER_ARGS if stack == "production" else POLLING_WORKER_ARGS
        worker = ["manage.py", *worker_args]
        servers.append([PY, *worker])
        with processes(servers, env) as running:
            wait_until_serving(base)
            levels = []
            for index, level in enumerate(options.levels):
                first_member = index * MEMBERS_PER_LEVEL
                levels.append(
                    run_level(base, env, level, options.seconds, first_member, label)
                )
            side = registration_side = None
            if options.side_channel and stack in options.side_channel_stacks:
                side = measure_side_channel(base, options.side_channel)
            if options.registration_side_channel and (
                stack in options.side_channel_stacks
            ):
                registration_side = measure_registration_side_channel(
                    base, options.registration_side_channel
                )
            rss = peak_worker_rss_mib(running[0].pid)
    return {
        "stack": stack,
        "levels": levels,
        "side_channel": side,
        "registration_side_channel": registration_side,
        "peak_worker_rss_mib": rss,
    }


def capacity_figures() -> dict:
    output = subprocess.run(
        [PY, "bench/capacity.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def summarise(stack_result, capacity) -> dict:
    cores = capacity["cores"]
    ceiling = cores / (HASHES_PER_JOURNEY * capacity["argon2_cpu_s_per_hash"])
    levels = []
    for level in stack_result["levels"]:
        steps = level["steps"]
        bare = steps.get("bare_django", {}).get("p50") or float("nan")
        levels.append(
            {
                "concurrency": level["concurrency"],
                "journeys_per_s": level["journeys_per_s"],
                "of_argon2_ceiling": round(level["journeys_per_s"] / ceiling, 2),
                "errors": level["errors"],
                "steps_ms": {
                    s: steps[s] for s in STEPS + ["bare_django"] if s in steps
                },
                "cheap_step_p50_over_bare_django": {
                    s: round(steps[s]["p50"] / bare, 2)
                    for s in CHEAP_STEPS
                    if s in steps
                },
            }
        )
    return {
        "stack": stack_result["stack"],
        "argon2_ceiling_journeys_per_s": round(ceiling, 2),
        "levels": levels,
        "timing_side_channel": stack_result["side_channel"],
        "registration_timing_side_channel": stack_result["registration_side_channel"],
        "peak_worker_rss_mib": stack_result["peak_worker_rss_mib"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stacks", default="embedded,production")
    parser.add_argument("--levels", default="1,4,16")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--side-channel", type=int, default=300)
    parser.add_argument("--registration-side-channel", type=int, default=200)
    parser.add_argument("--side-channel-stacks", default="production")
    options = parser.parse_args()
    options.levels = [int(level) for level in options.levels.split(",")]
    options.side_channel_stacks = options.side_channel_stacks.split(",")
    RESULTS.mkdir(parents=True, exist_ok=True)

    capacity = capacity_figures()
    raw = [bench_stack(stack, options) for stack in options.stacks.split(",")]
    figures = {
        "machine_cores": capacity["cores"],
        "argon2_cpu_s_per_hash": capacity["argon2_cpu_s_per_hash"],
        "hashes_per_journey": HASHES_PER_JOURNEY,
        "queries_per_step": capacity["queries_per_step"],
        "stacks": [summarise(result, capacity) for result in raw],
    }
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(figures, indent=2))
    plot_results(raw, RESULTS / f"bench-{stamp}.png")
    print(json.dumps(figures))
    print(f"wrote {RESULTS}/bench-{stamp}.json and .png", file=sys.stderr)


if __name__ == "__main__":
    main()
