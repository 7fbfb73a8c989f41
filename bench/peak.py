"""
The database write rate of a peak hour, load-tested: two app instances (gunicorn, 2
workers each) and the task worker on one PostgreSQL, driven at once by two Locust
runs of the complete reset journey. Reads PostgreSQL's own counters before and after
(pg_stat_database: commits and rows inserted, updated and deleted; the WAL written)
and the CPU of every PostgreSQL process, then sets what was measured against the
README's peak hour (50,000 resets and 500,000 logins). Prints one JSON line; writes
bench/results/peak.json.

    .venv/bin/python bench/peak.py [--seconds 30] [--members 5000]

On 2 cores the app servers' Argon2 saturates the machine long before PostgreSQL does,
so the figure that carries over is PostgreSQL's CPU per write, measured under load.
"""

import argparse
import json
import threading

import cpu
import psycopg
from run import (
    BIN,
    PY,
    RESULTS,
    WORKER_ARGS,
    free_port,
    prepare_database,
    processes,
    run_level,
    stack_environment,
    wait_until_serving,
)

PEAK_RESETS, PEAK_LOGINS = 50_000, 500_000  # the README's peak hour
COUNTERS = """
    SELECT xact_commit, tup_inserted, tup_updated, tup_deleted,
           pg_current_wal_lsn() - '0/0'::pg_lsn
    FROM pg_stat_database WHERE datname = current_database()
"""


def database_counters(url: str) -> dict:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        commits, inserted, updated, deleted, wal = connection.execute(
            COUNTERS
        ).fetchone()
    return {
        "commits": commits,
        "rows_written": inserted + updated + deleted,
        "wal_bytes": int(wal),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2, help="per instance")
    options = parser.parse_args()

    smtp_port = free_port()
    env = stack_environment("production", smtp_port)
    env["WEB_CONCURRENCY"] = "2"
    prepare_database("production", env, options.members, 0)
    url = env["DATABASE_URL"]
    codes = RESULTS / "peak-codes.txt"
    codes.write_text("")
    env["BENCH_CODES_FILE"] = str(codes)
    ports = [free_port(), free_port()]
    commands = [[PY, "bench/smtp_sink.py", str(smtp_port), str(codes)]]
    for port in ports:
        bind = f"127.0.0.1:{port}"
        commands.append(
            [str(BIN / "gunicorn"), "-c", "jmo/gunicorn.py", "-b", bind, "jmo.wsgi"]
        )
    commands.append([PY, "manage.py", *WORKER_ARGS])

    results = [None, None]

    def drive(index):
        base = f"http://127.0.0.1:{ports[index]}"
        first = index * (options.members // 2)
        label = f"peak-instance{index + 1}"
        results[index] = run_level(
            base, env, options.concurrency, options.seconds, first, label
        )

    with processes(commands, env):
        for port in ports:
            wait_until_serving(f"http://127.0.0.1:{port}")
        postgres = {"postgres": lambda: cpu.named("postgres")}
        cpu_before, counters_before = cpu.snapshot(postgres), database_counters(url)
        threads = [threading.Thread(target=drive, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu_after, counters_after = cpu.snapshot(postgres), database_counters(url)

    journeys = sum(result["journeys"] for result in results)
    seconds = options.seconds
    delta = {key: counters_after[key] - counters_before[key] for key in counters_after}
    postgres_cpu = cpu_after["postgres"] - cpu_before["postgres"]
    rows_per_journey = delta["rows_written"] / journeys
    cpu_per_row = postgres_cpu / delta["rows_written"]
    # Per reset journey (with its login) from this run; a lone login from
    # bench/capacity.py's statement count (README: 6 writes).
    peak_rows = PEAK_RESETS * rows_per_journey + PEAK_LOGINS * 6
    report = {
        "app_instances": 2,
        "workers_per_instance": 2,
        "seconds": seconds,
        "journeys": journeys,
        "journeys_per_s": round(journeys / seconds, 2),
        "errors": sum(result["errors"] for result in results),
        "db_commits_per_s": round(delta["commits"] / seconds, 1),
        "db_rows_written_per_s": round(delta["rows_written"] / seconds, 1),
        "db_wal_kib_per_s": round(delta["wal_bytes"] / 1024 / seconds, 1),
        "db_rows_written_per_journey": round(rows_per_journey, 1),
        "db_commits_per_journey": round(delta["commits"] / journeys, 1),
        "db_wal_kib_per_journey": round(delta["wal_bytes"] / 1024 / journeys, 1),
        "postgres_cpu_s": round(postgres_cpu, 2),
        "postgres_cpu_ms_per_row_written": round(cpu_per_row * 1000, 3),
        "peak_hour_rows_written_per_s": round(peak_rows / 3600),
        "peak_hour_postgres_cores": round(peak_rows / 3600 * cpu_per_row, 2),
    }
    (RESULTS / "peak.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
