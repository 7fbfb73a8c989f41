"""
`manage.py db_worker`: django_tasks_db's worker, woken by PostgreSQL when a task is
enqueued (accounts/core/task_wakeup.py) instead of polling every --interval. It takes
the same options; on PostgreSQL --interval becomes the pause between the polls that
find deferred tasks. On other databases, and with --batch or --max-tasks, it is
django_tasks_db's worker unchanged.
"""

from django.db import close_old_connections, transaction
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from accounts.core.task_wakeup import TaskNotices


class WakingWorker(db_worker.Worker):
    def run(self) -> None:
        if self.batch or self.max_tasks or not TaskNotices.available():
            return super().run()
        notices = TaskNotices()
        notices.listen()
        try:
            while self.running:
                close_old_connections()
                task_result = self.claim_ready_task()
                if task_result is not None:
                    self.run_task(task_result)
                elif self.running:
                    notices.wait(self.interval)
        finally:
            notices.close()

    def claim_ready_task(self) -> DBTaskResult | None:
        """The next ready task of our queues, marked running by this worker."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with transaction.atomic(using=tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result


class Command(db_worker.Command):
    def handle(self, **options) -> None:
        # django_tasks_db's handle builds its Worker by name from its own module.
        original, db_worker.Worker = db_worker.Worker, WakingWorker
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
