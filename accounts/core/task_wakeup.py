"""
The task worker wakes when a task is enqueued instead of polling for it.

django_tasks_db's worker asks the database for a ready task every --interval seconds:
a short interval is a query twenty times a second for nothing, a long one delays every
code mail by up to that much. On PostgreSQL a trigger (migration 0014) sends a NOTIFY
on CHANNEL whenever a task becomes ready, delivered when the enqueuing transaction
commits. The worker LISTENs on a connection of its own and looks for work as soon as
a notice comes, and otherwise every --interval: that poll still finds the tasks
deferred with run_after, and any notice lost while the listener reconnected.

A notice that came in before a claim began is for a task that claim can see, so the
worker drops those notices just before claiming; any notice it receives later wakes
it. A claim that finds nothing more waiting is then the last one: the worker does not
ask the database again until a notice comes (or the poll is due).
"""

import logging
import time

from django.db import connection

logger = logging.getLogger(__name__)

CHANNEL = "jmo_tasks"
# After the listener fails, before polling and listening again.
RETRY_PAUSE_SECONDS = 1.0


class TaskNotices:
    """A LISTEN connection of its own; `wait` returns on a notice or at the timeout."""

    def __init__(self):
        self.listener = None

    @staticmethod
    def available() -> bool:
        return connection.vendor == "postgresql"

    def listen(self) -> None:
        """Open the listener; a task committed after this wakes the next `wait`."""
        params = connection.get_connection_params()
        listener = connection.get_new_connection(params)
        listener.autocommit = True
        listener.execute(f"LISTEN {CHANNEL}")
        self.listener = listener

    def wait(self, timeout: float) -> None:
        try:
            if self.listener is None:
                self.listen()
            for _notice in self.listener.notifies(timeout=timeout, stop_after=1):
                return
        except connection.Database.Error as error:
            # The worker polls after this pause and listens again at its next wait.
            self._lost(error)
            time.sleep(min(timeout, RETRY_PAUSE_SECONDS))

    def discard_received(self) -> None:
        """
        Drop the notices that have come in: called just before a claim, whose query
        sees every task they announced (each was sent when its task committed).
        """
        if self.listener is None:
            return
        try:
            for _notice in self.listener.notifies(timeout=0):
                pass
        except connection.Database.Error as error:
            self._lost(error)

    def _lost(self, error) -> None:
        logger.warning("Task notices interrupted: %r", error)
        self.close()

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
