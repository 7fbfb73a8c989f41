"""Run the same action from several threads at once, each on its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def at_once(action, count):
    """Run `action(i)` in `count` threads released together; return the results."""
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait()
        try:
            return action(index)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
