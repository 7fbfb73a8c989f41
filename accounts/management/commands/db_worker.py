"""
`manage.py db_worker`: django_tasks_db's worker, woken by PostgreSQL when a task is
enqueued (accounts/core/task_wakeup.py) instead of polling every --interval. It takes
the same options; on PostgreSQL --interval becomes the pause between the polls that
find deferred tasks. On other databases, and with --batch or --max-tasks, it is
django_tasks_db's worker unchanged.
"""

from typing import NamedTuple

from django.db import close_old_connections, transaction
from django.db.models import Exists, OuterRef
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

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
        The next ready task of our queues, in django_tasks_db's order, and whether
        another one is ready too (read, not locked: other workers may claim it).
        """
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        others = Exists(tasks.exclude(pk=OuterRef("pk")))
        with transaction.atomic(using=tasks.db):
            task = tasks.annotate(more_ready=others).get_locked()
            if task is None:
                return Claim(None, more_ready=False)
            task.claim(self.worker_id)
        return Claim(task, more_ready=task.more_ready)


class Command(db_worker.Command):
    def handle(self, **options) -> None:
        # django_tasks_db's handle builds its Worker by name from its own module.
        original, db_worker.Worker = db_worker.Worker, WakingWorker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
