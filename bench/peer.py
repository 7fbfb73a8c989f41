"""
Our production shape (PostgreSQL + Redis + task worker) and a minimal django-allauth
project (bench/allauth_peer, password reset by code, mail by SMTP in the request) under
the same reset journey, in the same run, with the same Locust driver and the same number
of gunicorn workers. For each: journeys/s, their share of the Argon2 ceiling, step
latencies and CPU seconds per journey by process, from /proc before and after. Both run
all along and take turns under the load, in --rounds windows each (this machine's speed
drifts during a run; the turns put the drift on both). Prints a side-by-side table, the
ratios of each round and one JSON line; writes bench/results/peer.json.

    .venv/bin/python bench/peer.py [--seconds 20] [--rounds 2] [--concurrency 4]
                                   [--members 5000]

PostgreSQL and Redis are the machine's, shared: their CPU includes anything else they
served during the run.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
from contextlib import ExitStack

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
    records_summary,
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
FINISH_SECONDS = 10  # for the journeys under way when a window ends (one takes ~1.5 s)


class System:
    """One system's servers, started once; `window` measures a stretch of journeys."""

    def __init__(self, name, options, prepare, commands, stack: ExitStack):
        smtp_port, web_port = free_port(), free_port()
        self.name, self.options = name, options
        self.codes = RESULTS / f"peer-{name}-codes.txt"
        self.codes.write_text("")
        # Each hash's CPU, as bench/allauth_peer/counting_hasher.py charges it.
        self.hashes = RESULTS / f"peer-{name}-hash-cpu.txt"
        self.env = prepare(smtp_port, options.members)
        self.env["BENCH_CODES_FILE"] = str(self.codes)
        self.env["BENCH_HASH_CPU_FILE"] = str(self.hashes)
        self.base = f"http://127.0.0.1:{web_port}"
        sink = [PY, "bench/smtp_sink.py", str(smtp_port), str(self.codes)]
        servers = [sink, *commands(f"127.0.0.1:{web_port}")]
        running = stack.enter_context(processes(servers, self.env))
        self.groups = {
            "gunicorn": lambda: cpu.with_children(running[1].pid),
            "postgres": lambda: cpu.named("postgres"),
            "redis": lambda: cpu.named("redis-server"),
            "task_worker": lambda: [p.pid for p in running[2:]],
            "smtp_sink": lambda: [running[0].pid],
        }
        self.windows = []

    def warm_up(self):
        """Unmeasured journeys, with members the run does not use: a process's first
        requests and tasks import modules and compile templates, once."""
        wait_until_serving(self.base)
        first = self.options.members - WARM_UP_MEMBERS
        self.journeys(WARM_UP_SECONDS, first)

    def window(self, seconds, first_member):
        """
        Journeys for `seconds`, then the ones under way finish, so that the CPU and
        the hashes of the window are those of whole journeys. The rate counts the
        journeys done within the `seconds`.
        """
        self.hashes.write_text("")
        before = cpu.snapshot(self.groups)
        result = self.journeys(seconds, first_member, finish=FINISH_SECONDS)
        after = cpu.snapshot(self.groups)
        result["cpu_s"] = {name: after[name] - before[name] for name in after}
        result["hash_cpu"] = [float(line) for line in self.hashes.read_text().split()]
        result["seconds"] = seconds
        result["in_time"] = journeys_within(result["rows"], seconds)
        self.windows.append(result)
        return result

    def journeys(self, seconds, first, finish=0):
        label, journey = f"peer-{self.name}", JOURNEYS[self.name]
        level = self.options.concurrency
        return run_level(
            self.base, self.env, level, seconds, first, label, journey, finish
        )

    def result(self) -> dict:
        """The windows together, as one run of their total length."""
        seconds = sum(window["seconds"] for window in self.windows)
        rows = [row for window in self.windows for row in window.pop("rows")]
        summary = records_summary(rows, self.options.concurrency, seconds)
        summary.pop("rows")
        journeys = summary["journeys"]
        cpu_s = {
            name: sum(window["cpu_s"][name] for window in self.windows)
            for name in self.windows[0]["cpu_s"]
        }
        charged = [value for window in self.windows for value in window["hash_cpu"]]
        per_journey = max(journeys, 1)
        in_time = sum(window["in_time"] for window in self.windows)
        return {
            "system": self.name,
            **summary,
            # Not the journeys that finished after the window's time.
            "journeys_per_s": round(in_time / seconds, 2),
            "cpu_s_per_journey": {
                name: round(value / per_journey, 4) for name, value in cpu_s.items()
            },
            "hashes_per_journey": round(len(charged) / per_journey, 2),
            "hash_cpu_s_per_journey": round(sum(charged) / per_journey, 4),
            "cpu_s_per_hash": round(sum(charged) / max(len(charged), 1), 4),
        }


def journeys_within(rows, seconds) -> int:
    """The journeys that ended within `seconds` of the window's first request."""
    start = min(stamp - milliseconds / 1000 for stamp, _, milliseconds, _ in rows)
    return sum(
        1
        for stamp, step, _, ok in rows
        if step == "journey" and ok and stamp <= start + seconds
    )


def take_turns(ours_system: System, peer_system: System, options) -> list:
    """
    The measured windows, in the order A B B A A B ...: a drift of the machine over
    the run (its speed moves by a fifth here) falls on both systems alike. Returns
    ours to the peer's, round by round.
    """
    seconds = options.seconds // options.rounds  # whole seconds, as Locust takes them
    members_per_round = (options.members - WARM_UP_MEMBERS) // options.rounds
    rounds = []
    for number in range(options.rounds):
        order = [ours_system, peer_system][:: -1 if number % 2 else 1]
        first_member = number * members_per_round
        windows = {s.name: s.window(seconds, first_member) for s in order}
        rounds.append(window_ratios(windows["jmo"], windows["allauth"]))
    return rounds


def beyond_hashes(cpu_s: dict, hash_cpu: float) -> float:
    """Server-side CPU less the hashes this system did in the same stretch."""
    return sum(cpu_s[group] for group in SERVER_SIDE) - hash_cpu


def window_ratios(ours: dict, peer: dict) -> dict:
    def beyond(window):
        spent = beyond_hashes(window["cpu_s"], sum(window["hash_cpu"]))
        return spent / max(window["journeys"], 1)

    return {
        "journeys_per_s": round(ours["in_time"] / max(peer["in_time"], 1), 2),
        "server_cpu_beyond_hashes": round(beyond(ours) / beyond(peer), 2),
    }


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
    rows.append(
        ("÷ ceiling at its hashes' cost in the run",)
        + tuple(r["of_ceiling_in_run"] for r in results)
    )
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
        "--rounds",
        type=int,
        default=2,
        help="measured windows per system, taking turns (--seconds is their total)",
    )
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
    with ExitStack() as stack:
        ours_system = System("jmo", options, prepare_ours, ours, stack)
        peer_system = System("allauth", options, prepare_allauth, allauth, stack)
        for system in (ours_system, peer_system):
            system.warm_up()
        rounds = take_turns(ours_system, peer_system, options)
        results = [ours_system.result(), peer_system.result()]
    for result in results:
        result["of_argon2_ceiling"] = round(result["journeys_per_s"] / ceiling, 2)
        # The same share with the ceiling its own hashes set in this run: the part
        # of the machine's CPU that went into its Argon2 hashes.
        hashing = result["journeys_per_s"] * result["hash_cpu_s_per_journey"]
        result["of_ceiling_in_run"] = round(hashing / capacity["cores"], 2)
        # The hashes this system did in this run, at what they cost in this run.
        beyond = beyond_hashes(
            result["cpu_s_per_journey"], result["hash_cpu_s_per_journey"]
        )
        result["server_cpu_s_beyond_hashes"] = round(beyond, 4)
    ours_beyond, peer_beyond = (r["server_cpu_s_beyond_hashes"] for r in results)
    figures = {
        "machine_cores": capacity["cores"],
        "argon2_cpu_s_per_hash": capacity["argon2_cpu_s_per_hash"],
        "argon2_ceiling_journeys_per_s": round(ceiling, 2),
        "gunicorn_workers": WORKERS,
        "systems": results,
        "ratios_by_round": rounds,
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
    for number, ratios in enumerate(rounds, 1):
        print(f"round {number}, ours to the peer's: {ratios}", file=sys.stderr)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
