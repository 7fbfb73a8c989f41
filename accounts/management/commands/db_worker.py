"""
`manage.py db_worker`: django_tasks_db's worker, woken by PostgreSQL when a task is
enqueued (accounts/core/task_wakeup.py) instead of polling every --interval. It takes
the same options; on PostgreSQL --interval becomes the pause between the polls that
find deferred tasks, and a task is claimed in one SQL statement where django_tasks_db
sends four (BEGIN, SELECT ... FOR UPDATE SKIP LOCKED, UPDATE, COMMIT). On other
databases, and with --batch or --max-tasks, it is django_tasks_db's worker unchanged.
"""

from typing import NamedTuple

from django.db import close_old_connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts.core.task_wakeup import TaskNotices


class Claim(NamedTuple):
    task: DBTaskResult | None  # marked running by this worker
    more_ready: bool  # another task was ready too: claim again without waiting


class WakingWorker(db_worker.Worker):
    def run(self) -> None:
        if self.batch or self.max_tasks or not TaskNotices.available():
            return super().run()
        notices = TaskNotices()
        notices.listen()
        try:
            while self.running:
                close_old_connections()
                notices.discard_received()  # the claim sees every task they announced
                claim = self.claim_ready_task()
                if claim.task is not None:
                    self.run_task(claim.task)
                if self.running and not claim.more_ready:
                    notices.wait(self.interval)
        finally:
            notices.close()

    def claim_ready_task(self) -> Claim:
        """
        The next ready task of our queues, in django_tasks_db's order, marked running
        by this worker, and whether another one is ready too (read, not locked: other
        workers may claim it). One statement, so one round trip and one commit: the
        inner SELECT locks the row it picks and skips rows other workers hold.
        """
        table = DBTaskResult._meta.db_table
        ready, ready_params = self.ready_condition()
        sql = f"""
            UPDATE {table} AS claimed
            SET status = %s, started_at = %s,
                worker_ids = claimed.worker_ids || to_jsonb(%s::text)
            WHERE claimed.id = (
                SELECT id FROM {table} WHERE {ready}
                ORDER BY priority DESC, run_after ASC, enqueued_at ASC
                LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            RETURNING claimed.*, EXISTS (
                SELECT 1 FROM {table} WHERE {ready} AND id <> claimed.id
            ) AS more_ready
        """
        running = [TaskResultStatus.RUNNING.value, timezone.now(), self.worker_id]
        params = [*running, *ready_params, *ready_params]
        # raw() turns the row into a model with its fields' converters (JSON).
        task = next(iter(DBTaskResult.objects.raw(sql, params)), None)
        if task is None:
            return Claim(None, more_ready=False)
        return Claim(task, more_ready=task.more_ready)

    def ready_condition(self) -> tuple[str, list]:
        """django_tasks_db's ready() for this worker's backend and queues, as SQL."""
        conditions = [
            "status = %s",
            "backend_name = %s",
            "(run_after = %s OR run_after <= %s)",
        ]
        params = [
            TaskResultStatus.READY.value,
            self.backend_name,
            get_date_max(),
            timezone.now(),
        ]
        if not self.process_all_queues:
            conditions.append("queue_name = ANY(%s)")
            params.append(list(self.queue_names))
        if self.excluded_queue_names:
            conditions.append("NOT queue_name = ANY(%s)")
            params.append(list(self.excluded_queue_names))
        return " AND ".join(conditions), params


class Command(db_worker.Command):
    def handle(self, **options) -> None:
        # django_tasks_db's handle builds its Worker by name from its own module.
        original, db_worker.Worker = db_worker.Worker, WakingWorker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
