"""
CPU seconds (user + system, including reaped children) of groups of processes, read
from /proc/<pid>/stat, so a run can be charged to each process before and after.
"""

import os
import resource
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime: a reaped child's time stays in the sum."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return sum(int(ticks) for ticks in fields[11:15]) / TICKS


def named(comm: str) -> list[int]:
    """Every process whose command name is comm (e.g. all of PostgreSQL's)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == comm:
                pids.append(int(entry.name))
        except (FileNotFoundError, ProcessLookupError):
            continue
    return pids


def with_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def snapshot(groups: dict) -> dict:
    """CPU seconds per group; groups maps a name to a function giving its pids.
    "load_driver" is this process's reaped children (the Locust run)."""
    figures = {name: sum(map(cpu_seconds, pids())) for name, pids in groups.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["load_driver"] = children.ru_utime + children.ru_stime
    return figures


def per_journey(before: dict, after: dict, journeys: int) -> dict:
    return {
        name: round((after[name] - before[name]) / max(journeys, 1), 4)
        for name in after
    }
