"""
Our production shape (PostgreSQL + Redis + task worker) and a minimal django-allauth
project (bench/allauth_peer, password reset by code, mail by SMTP in the request) under
the same reset journey, in the same run, with the same Locust driver and the same number
of gunicorn workers. For each: journeys/s, their share of the Argon2 ceiling, step
latencies and CPU seconds per journey by process, from /proc before and after. Prints a
side-by-side table and one JSON line; writes bench/results/peer.json.

    .venv/bin/python bench/peer.py [--seconds 20] [--concurrency 4] [--members 5000]

PostgreSQL and Redis are the machine's, shared: their CPU includes anything else they
served during the run.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys

import cpu
from plot import plot_peer
from run import (
    BIN,
    HASHES_PER_JOURNEY,
    PY,
    RESULTS,
    ROOT,
    STEPS,
    WORKER_ARGS,
    capacity_figures,
    free_port,
    prepare_database,
    processes,
    run_level,
    stack_environment,
    wait_until_serving,
)

PEER = ROOT / "bench" / "allauth_peer"
WORKERS = 2  # the production shape the performance issue measures: 2 sync workers
SERVER_SIDE = ["gunicorn", "postgres", "redis", "task_worker"]
JOURNEYS = {"jmo": "MemberJourney", "allauth": "AllauthJourney"}  # bench/locustfile.py
WARM_UP_SECONDS = 4
WARM_UP_MEMBERS = 500  # the last of the seeded members; a 4 s warm-up uses about 20


def measure(system, options, prepare, commands):
    """Start the SMTP sink and the servers, run the journey, charge CPU to each."""
    smtp_port, web_port = free_port(), free_port()
    codes = RESULTS / f"peer-{system}-codes.txt"
    codes.write_text("")
    # Each hash's CPU, as bench/allauth_peer/counting_hasher.py charges it.
    hashes = RESULTS / f"peer-{system}-hash-cpu.txt"
    hashes.write_text("")
    env = prepare(smtp_port, options.members)
    env["BENCH_CODES_FILE"] = str(codes)
    env["BENCH_HASH_CPU_FILE"] = str(hashes)
    base = f"http://127.0.0.1:{web_port}"
    sink = [PY, "bench/smtp_sink.py", str(smtp_port), str(codes)]
    with processes([sink, *commands(f"127.0.0.1:{web_port}")], env) as running:
        wait_until_serving(base)
        groups = {
            "gunicorn": lambda: cpu.with_children(running[1].pid),
            "postgres": lambda: cpu.named("postgres"),
            "redis": lambda: cpu.named("redis-server"),
            "task_worker": lambda: [p.pid for p in running[2:]],
            "smtp_sink": lambda: [running[0].pid],
        }
        label, journey = f"peer-{system}", JOURNEYS[system]
        level, seconds = options.concurrency, options.seconds
        # Unmeasured journeys first, with members the run does not use: a process's
        # first requests and tasks import modules and compile templates, once.
        warm_up_members = options.members - WARM_UP_MEMBERS
        run_level(base, env, level, WARM_UP_SECONDS, warm_up_members, label, journey)
        hashes.write_text("")
        before = cpu.snapshot(groups)
        result = run_level(base, env, level, seconds, 0, label, journey)
        after = cpu.snapshot(groups)
    result.pop("rows")
    result["cpu_s_per_journey"] = cpu.per_journey(before, after, result["journeys"])
    charged = [float(line) for line in hashes.read_text().split()]
    journeys = max(result["journeys"], 1)
    result["hashes_per_journey"] = round(len(charged) / journeys, 2)
    result["hash_cpu_s_per_journey"] = round(sum(charged) / journeys, 4)
    result["cpu_s_per_hash"] = round(sum(charged) / max(len(charged), 1), 4)
    return {"system": system, **result}


def prepare_ours(smtp_port, members):
    env = stack_environment("production", smtp_port)
    env["WEB_CONCURRENCY"] = str(WORKERS)
    prepare_database("production", env, members, 0)
    # The same settings, with the Argon2 hasher that charges each hash's CPU.
    env["DJANGO_SETTINGS_MODULE"] = "bench.ours_settings"
    return env


def ours(bind):
    gunicorn = [str(BIN / "gunicorn"), "-c", "jmo/gunicorn.py", "-b", bind, "jmo.wsgi"]
    worker = [PY, "manage.py", *WORKER_ARGS]
    return [gunicorn, worker]


def prepare_allauth(smtp_port, members):
    env = {
        **os.environ,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PEER_SMTP_PORT": str(smtp_port),
    }
    subprocess.run([PEER / "setup.sh", str(members)], env=env, check=True)
    return env


def allauth(bind):
    gunicorn = str(PEER / ".venv" / "bin" / "gunicorn")
    return [[gunicorn, "-w", str(WORKERS), "-b", bind, "--chdir", str(PEER), "wsgi"]]


def latency(step) -> str:
    return "{p50} / {p95}".format(**step) if step else "-"


def table(results, ceiling) -> str:
    rows = [("", *(r["system"] for r in results))]
    rows.append(("journeys/s", *(r["journeys_per_s"] for r in results)))
    rows.append(("÷ Argon2 ceiling", *(r["of_argon2_ceiling"] for r in results)))
    rows.append(("errors", *(r["errors"] for r in results)))
    for step in [*STEPS, "code_in_mailbox"]:
        rows.append(
            (f"{step} p50 / p95 ms",)
            + tuple(latency(r["steps"].get(step)) for r in results)
        )
    for figure in ["hashes_per_journey", "cpu_s_per_hash", "hash_cpu_s_per_journey"]:
        rows.append((figure.replace("_", " "), *(r[figure] for r in results)))
    rows.append(
        ("server CPU s/journey beyond hashes",)
        + tuple(r["server_cpu_s_beyond_hashes"] for r in results)
    )
    for process in results[0]["cpu_s_per_journey"]:
        rows.append(
            (f"CPU s/journey {process}",)
            + tuple(r["cpu_s_per_journey"][process] for r in results)
        )
    lines = [f"Argon2 ceiling {ceiling:.2f} journeys/s"]
    for name, *values in rows:
        lines.append(f"{name:<32}" + "".join(f"{value!s:>18}" for value in values))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument(
        "--peer-persistent-connections",
        action="store_true",
        help="give the peer CONN_MAX_AGE=600 as we have (Django's default is 0)",
    )
    options = parser.parse_args()
    if options.peer_persistent_connections:
        os.environ["PEER_CONN_MAX_AGE"] = "600"
    RESULTS.mkdir(parents=True, exist_ok=True)

    capacity = capacity_figures()
    ceiling = capacity["cores"] / (
        HASHES_PER_JOURNEY * capacity["argon2_cpu_s_per_hash"]
    )
    results = [
        measure("jmo", options, prepare_ours, ours),
        measure("allauth", options, prepare_allauth, allauth),
    ]
    for result in results:
        result["of_argon2_ceiling"] = round(result["journeys_per_s"] / ceiling, 2)
        server = sum(result["cpu_s_per_journey"][group] for group in SERVER_SIDE)
        # The hashes this system did in this run, at what they cost in this run.
        beyond = server - result["hash_cpu_s_per_journey"]
        result["server_cpu_s_beyond_hashes"] = round(beyond, 4)
    ours_beyond, peer_beyond = (r["server_cpu_s_beyond_hashes"] for r in results)
    figures = {
        "machine_cores": capacity["cores"],
        "argon2_cpu_s_per_hash": capacity["argon2_cpu_s_per_hash"],
        "argon2_ceiling_journeys_per_s": round(ceiling, 2),
        "gunicorn_workers": WORKERS,
        "systems": results,
        "ratios_ours_to_allauth": {
            "journeys_per_s": round(
                results[0]["journeys_per_s"] / results[1]["journeys_per_s"], 2
            ),
            "server_cpu_beyond_hashes": round(ours_beyond / peer_beyond, 2),
        },
    }
    (RESULTS / "peer.json").write_text(json.dumps(figures, indent=2))
    plot_peer(results, RESULTS / "peer.png")
    print(table(results, ceiling), file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
